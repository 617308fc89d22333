/** Display helpers. Everything they return is plain text; Lit escapes it when rendered. */

export function formatDate(iso: string | null | undefined, lang: string): string {
  if (!iso) return '—'
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return date.toLocaleString(lang, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' })
}

/** `28 ms`, `1.25 sec` in the reader's language (`28 мс`, `1,25 с`). */
export function formatDuration(ms: number | null | undefined, lang: string): string {
  if (ms === null || ms === undefined) return '—'
  return Math.round(ms) < 1000
    ? new Intl.NumberFormat(lang, { style: 'unit', unit: 'millisecond', maximumFractionDigits: 0 }).format(ms)
    : new Intl.NumberFormat(lang, { style: 'unit', unit: 'second', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(ms / 1000)
}

/** A share as a percentage in the reader's language (`97 %`, `97%`). */
export function formatPercent(share: number, lang: string): string {
  return new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(share)
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/
const ZONED_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):(\d{2}))$/

/** A real calendar day and time of day (no 2026-02-30, no 25:00), checked by numbers, not by Date. */
function realDateTime(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate()
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth && h < 24 && mi < 60 && s < 60
}

/**
 * A date typed by a person: `2026-03-14 09:00` (or `2026-03-14`, `2026-03-14T09:00:30`) in the
 * browser's time zone, or a full ISO time with `Z` or an offset. Null when it is none of these or
 * not a real date (no browser guessing: `Date.parse` of other shapes differs between browsers). A
 * local time that a clock change skips (02:30 on a spring-forward night) is taken as the browser
 * takes it, an hour on.
 */
export function parseDateTime(text: string): Date | null {
  const value = text.trim()
  const local = LOCAL_DATE_TIME.exec(value)
  if (local) {
    const [y, mo, d, h = 0, mi = 0, s = 0] = local.slice(1).map((part) => (part === undefined ? undefined : Number(part))) as number[]
    return realDateTime(y!, mo!, d!, h, mi, s) ? new Date(y!, mo! - 1, d!, h, mi, s) : null
  }
  const zoned = ZONED_DATE_TIME.exec(value)
  if (zoned) {
    const [y, mo, d, h, mi, s = 0, offsetH = 0, offsetM = 0] = zoned.slice(1).map((part) => (part === undefined ? undefined : Number(part))) as number[]
    return realDateTime(y!, mo!, d!, h!, mi!, s) && offsetH < 24 && offsetM < 60 ? new Date(value) : null
  }
  return null
}

/** `2026-03-14 09:00` in the browser's time zone: what `parseDateTime` reads back as the same minute. */
export function localDateTime(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`
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
