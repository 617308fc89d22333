/** Wall-clock times in an IANA time zone (Europe/Paris), for the vendor layouts that write local dates. */

const formatters = new Map<string, Intl.DateTimeFormat>()

/** True for a time zone name the runtime knows (`Europe/Paris`, `UTC`); false for anything else. */
export function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(name)) return false
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name })
    return true
  } catch {
    return false
  }
}

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone)
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    })
    formatters.set(timeZone, found)
  }
  return found
}

export interface ZonedTime {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  /** The zone's offset from UTC at that moment, in minutes (Paris in winter: 60). */
  offsetMinutes: number
}

/** The wall-clock time at `date` in `timeZone`, with the zone's offset then (daylight saving included). */
export function zonedTime(date: Date, timeZone: string): ZonedTime {
  const parts: Record<string, number> = {}
  for (const part of formatter(timeZone).formatToParts(date)) if (part.type !== 'literal') parts[part.type] = Number(part.value)
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!)
  const offsetMinutes = Math.round((wall - Math.floor(date.getTime() / 1000) * 1000) / 60_000)
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second!, offsetMinutes }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** `YYYY-MM-DD HH:mm:ss` in the zone. */
export function localDateTime(t: ZonedTime): string {
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}`
}

/** `+01:00`, `-05:00`, `+05:30`. */
export function offsetText(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+'
  const abs = Math.abs(offsetMinutes)
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
}
