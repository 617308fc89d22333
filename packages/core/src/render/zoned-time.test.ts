import { describe, expect, it } from 'vitest'
import { isTimeZone, localDateTime, offsetText, zonedTime } from './zoned-time.js'

const at = (iso: string, zone: string) => {
  const t = zonedTime(new Date(iso), zone)
  return `${localDateTime(t)} ${offsetText(t.offsetMinutes)}`
}

describe('zoned time', () => {
  it('knows IANA names and refuses anything else', () => {
    expect(['UTC', 'Europe/Paris', 'Europe/Moscow', 'America/Argentina/Buenos_Aires', 'Etc/GMT+3'].map(isTimeZone)).toEqual([true, true, true, true, true])
    expect(['', 'Mars/Olympus', 'Europe/Paris ', '+01:00', 'x'.repeat(65), 'Europe/../Paris'].map(isTimeZone)).toEqual([false, false, false, false, false, false])
  })

  it('writes the wall clock on each side of the autumn change in Paris (CEST +02:00, then CET +01:00)', () => {
    expect(at('2026-10-24T22:30:00Z', 'Europe/Paris')).toBe('2026-10-25 00:30:00 +02:00')
    expect(at('2026-10-25T00:30:00Z', 'Europe/Paris')).toBe('2026-10-25 02:30:00 +02:00')
    expect(at('2026-10-25T01:30:00Z', 'Europe/Paris')).toBe('2026-10-25 02:30:00 +01:00') // the repeated hour
    expect(at('2026-03-29T00:59:59Z', 'Europe/Paris')).toBe('2026-03-29 01:59:59 +01:00')
    expect(at('2026-03-29T01:00:00Z', 'Europe/Paris')).toBe('2026-03-29 03:00:00 +02:00') // 02:xx never happens
  })

  it("follows Moscow's history (+04:00 until October 2014, +03:00 since) and half-hour zones", () => {
    expect(at('2014-07-01T12:00:00Z', 'Europe/Moscow')).toBe('2014-07-01 16:00:00 +04:00')
    expect(at('2019-09-01T10:00:00Z', 'Europe/Moscow')).toBe('2019-09-01 13:00:00 +03:00')
    expect(at('2019-09-01T10:00:00Z', 'Asia/Kolkata')).toBe('2019-09-01 15:30:00 +05:30')
    expect(at('2019-09-01T10:00:00Z', 'America/New_York')).toBe('2019-09-01 06:00:00 -04:00')
    expect(at('2019-12-31T23:59:59.999Z', 'UTC')).toBe('2019-12-31 23:59:59 +00:00')
  })
})
