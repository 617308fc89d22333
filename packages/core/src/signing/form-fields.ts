import { parsePhpForm, type PhpArray } from './php-form.js'

/**
 * A form body as PHP's `$_POST` sees it: top-level keys in order, each a plain string or an
 * array of sub-keys (`calltracking_event[idcall]=…`), which may nest further. Seed 000's
 * signature is defined on this structure, so the sender and the verifier both go through it.
 */
export type FormValue = string | Array<[subKey: string, value: FormValue]>
export type FormFields = Array<[key: string, value: FormValue]>

/** `application/x-www-form-urlencoded` text of the fields, in their order. */
export function encodeForm(fields: FormFields): string {
  const params = new URLSearchParams()
  const add = (name: string, value: FormValue) => {
    if (typeof value === 'string') params.append(name, value)
    else for (const [subKey, subValue] of value) add(`${name}[${subKey}]`, subValue)
  }
  for (const [key, value] of fields) add(key, value)
  return params.toString()
}

/**
 * Parses a form body the way PHP fills `$_POST` (see php-form.ts): `a[b]=c` nests, `a[]`
 * appends, the last duplicate wins, `.` and spaces in top-level names become `_`. Text is read as
 * UTF-8, or as Latin-1 when the bytes are not valid UTF-8 (a body from a Latin-1 PHP sender).
 */
export function parseForm(body: string | Buffer): FormFields {
  return fromPhp(parsePhpForm(body))
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** A byte string (one char per byte) as text: UTF-8 when valid, else Latin-1. */
export function bytesToText(bytes: string): string {
  if (!/[\x80-\xff]/.test(bytes)) return bytes
  const buffer = Buffer.from(bytes, 'latin1')
  try {
    return utf8.decode(buffer)
  } catch {
    return bytes
  }
}

function fromPhp(table: PhpArray): FormFields {
  return [...table].map(([key, value]) => [bytesToText(key), typeof value === 'string' ? bytesToText(value) : fromPhp(value)])
}

/** The fields as a plain object (`{ calltracking_event: { idcall: '1' } }`), for handlers. */
export function formToObject(fields: FormFields): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null)
  for (const [key, value] of fields) out[key] = typeof value === 'string' ? value : formToObject(value)
  return out
}
