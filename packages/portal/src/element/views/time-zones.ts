/** Suggestions for the time zone input (any IANA name is accepted; the server checks it). */
export const COMMON_TIME_ZONES = [
  'UTC', 'Europe/Paris', 'Europe/London', 'Europe/Berlin', 'Europe/Madrid', 'Europe/Brussels', 'Europe/Zurich', 'Europe/Moscow', 'Europe/Kyiv',
  'Europe/Minsk', 'Asia/Almaty', 'Asia/Yekaterinburg', 'Asia/Novosibirsk', 'Asia/Vladivostok', 'Asia/Dubai', 'Asia/Kolkata', 'Asia/Singapore',
  'Asia/Tokyo', 'Australia/Sydney', 'Africa/Casablanca', 'America/Montreal', 'America/New_York', 'America/Chicago', 'America/Denver',
  'America/Los_Angeles', 'America/Sao_Paulo',
] as const

/** The zone if the browser knows it, else UTC: the preview keeps rendering while a name is being typed. */
export function previewZone(name: string): string {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: name.trim() }).resolvedOptions().timeZone
  } catch {
    return 'UTC'
  }
}
