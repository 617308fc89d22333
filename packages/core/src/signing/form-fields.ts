/**
 * A form body as PHP's `$_POST` sees it: top-level keys in order, each a plain string or a
 * one-level array of sub-keys (`calltracking_event[idcall]=…`). Seed 000's signature is defined
 * on this structure, so the sender and the verifier both go through it.
 */
export type FormValue = string | Array<[subKey: string, value: string]>
export type FormFields = Array<[key: string, value: FormValue]>

/** `application/x-www-form-urlencoded` text of the fields, in their order. */
export function encodeForm(fields: FormFields): string {
  const params = new URLSearchParams()
  for (const [key, value] of fields) {
    if (typeof value === 'string') params.append(key, value)
    else for (const [subKey, subValue] of value) params.append(`${key}[${subKey}]`, subValue)
  }
  return params.toString()
}

/** Parses a form body the way PHP fills `$_POST`: `a[b]=c` nests one level, `a[]` appends, the last duplicate wins. */
export function parseForm(body: string): FormFields {
  const top = new Map<string, FormValue>()
  for (const [name, value] of new URLSearchParams(body)) {
    const open = name.indexOf('[')
    const close = name.lastIndexOf(']')
    if (open <= 0 || close < open) {
      top.set(name, value)
      continue
    }
    const key = name.slice(0, open)
    let entries = top.get(key)
    if (typeof entries !== 'object') top.set(key, (entries = []))
    let subKey = name.slice(open + 1, close)
    if (subKey === '') subKey = String(nextIndex(entries))
    const existing = entries.findIndex(([k]) => k === subKey)
    if (existing >= 0) entries[existing] = [subKey, value]
    else entries.push([subKey, value])
  }
  return [...top.entries()]
}

function nextIndex(entries: Array<[string, string]>): number {
  let next = 0
  for (const [k] of entries) if (/^(0|[1-9]\d*)$/.test(k)) next = Math.max(next, Number(k) + 1)
  return next
}

/** The fields as a plain object (`{ calltracking_event: { idcall: '1' } }`), for handlers. */
export function formToObject(fields: FormFields): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null)
  for (const [key, value] of fields) out[key] = typeof value === 'string' ? value : Object.fromEntries(value)
  return out
}
