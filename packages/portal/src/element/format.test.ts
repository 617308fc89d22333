import { describe, expect, it } from 'vitest'
import { formatDuration, formatPercent, localDateTime, parseDateTime } from './format.js'

describe('portal formatting', () => {
  it('durations and percentages in the reader\'s language', () => {
    expect(formatDuration(28, 'en')).toBe('28 ms')
    expect(formatDuration(1250, 'en')).toBe('1.25 sec')
    expect(formatDuration(28, 'ru')).toBe('28 мс')
    expect(formatDuration(1250, 'ru')).toBe('1,25 с')
    expect(formatDuration(1250, 'fr')).toBe('1,25\u202fs')
    expect(formatDuration(null, 'en')).toBe('—')
    expect(formatPercent(0.97, 'en')).toBe('97%')
    expect(formatPercent(0.97, 'fr')).toBe('97\u00a0%')
  })

  it('a typed date is read in the browser\'s time zone, and localDateTime writes what it reads back', () => {
    expect(parseDateTime('2026-03-14 09:00')).toEqual(new Date(2026, 2, 14, 9, 0))
    expect(parseDateTime(' 2026-03-14T09:00:30 ')).toEqual(new Date(2026, 2, 14, 9, 0, 30))
    expect(parseDateTime('2026-03-14')).toEqual(new Date(2026, 2, 14))
    expect(parseDateTime('2026-03-14T09:00:00Z')).toEqual(new Date(Date.UTC(2026, 2, 14, 9)))
    expect(parseDateTime('2026-03-14T09:00:00+03:00')).toEqual(new Date(Date.UTC(2026, 2, 14, 6)))
    const now = new Date(2026, 10, 5, 7, 4, 59)
    expect(localDateTime(now)).toBe('2026-11-05 07:04')
    expect(parseDateTime(localDateTime(now))).toEqual(new Date(2026, 10, 5, 7, 4))
  })

  it('refuses what is not a date, or not a real one, instead of letting the browser guess', () => {
    for (const text of ['', 'yesterday', '14/03/2026', '2026-02-30 10:00', '2026-03-14 25:00', 'March 14, 2026', '2026-03-14 9:00', '2026-02-30T10:00:00Z', '2026-03-14T09:00:00+25:00']) {
      expect(parseDateTime(text), text).toBeNull()
    }
    expect(formatDuration(999.6, 'en')).toBe('1.00 sec')
  })

  it('takes local times on clock-change days, even one the clock skips (as the browser does)', () => {
    const tz = process.env.TZ
    try {
      process.env.TZ = 'Europe/Paris' // 2026-03-29 02:00 → 03:00
      expect(parseDateTime('2026-03-29 02:30')?.toISOString()).toBe('2026-03-29T01:30:00.000Z')
      expect(parseDateTime('2026-10-25 02:30')).not.toBeNull()
      process.env.TZ = 'America/Santiago' // 2026-09-06 00:00 → 01:00: the day starts at 01:00
      expect(parseDateTime('2026-09-06')?.toISOString()).toBe('2026-09-06T04:00:00.000Z')
    } finally {
      if (tz === undefined) delete process.env.TZ
      else process.env.TZ = tz
    }
  })
})
