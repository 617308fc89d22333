/** Display helpers. Everything they return is plain text; Lit escapes it when rendered. */

export function formatDate(iso: string | null | undefined, lang: string): string {
  if (!iso) return '—'
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return date.toLocaleString(lang, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' })
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—'
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`
}

/** JSON pretty-printed; anything else as it is. */
export function prettyBody(body: string | null | undefined, contentType?: string): string {
  if (body === null || body === undefined || body === '') return ''
  if (/json/i.test(contentType ?? '') || /^\s*[[{]/.test(body)) {
    try {
      return JSON.stringify(JSON.parse(body), null, 2)
    } catch {
      return body
    }
  }
  return body
}

/** A form-encoded body as its fields, in order; null when the body is not a form. */
export function formFields(body: string | null | undefined, contentType?: string): Array<[string, string]> | null {
  if (!body || !/x-www-form-urlencoded/i.test(contentType ?? '')) return null
  return [...new URLSearchParams(body).entries()]
}

export function headerValue(headers: Record<string, string> | null | undefined, name: string): string | undefined {
  if (!headers) return undefined
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase())
  return key === undefined ? undefined : headers[key]
}

/** `"a, b\nc"` → `['a', 'b', 'c']`. */
export function splitList(value: string): string[] {
  return value.split(/[\n,]/).map((v) => v.trim()).filter((v) => v !== '')
}

/** Copies text; resolves false when the browser refuses. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    return false
  }
}
