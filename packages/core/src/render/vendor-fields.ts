import { localDateTime, zonedTime } from './zoned-time.js'

/** Small conversions the vendor presets share. */

/** `YYYY-MM-DD HH:mm:ss` on the wall clock of `timeZone` (the endpoint's), the date layout of seeds 000 and 002. */
export function vendorDate(iso: unknown, timeZone: string): string {
  const date = typeof iso === 'string' ? new Date(iso) : new Date(NaN)
  return Number.isNaN(date.getTime()) ? '' : localDateTime(zonedTime(date, timeZone))
}

export function str(value: unknown): string | null {
  if (value === undefined || value === null) return null
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}

export function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

/** A custom field the host put on the call (`customFields.visitId`), or a top-level extra of that name. */
export function extra(data: Record<string, unknown>, name: string): unknown {
  const custom = data.customFields as Record<string, unknown> | null | undefined
  return custom?.[name] ?? data[name] ?? null
}

/** The agent's display name, whichever shape `agent` has. */
export function agentName(agent: unknown): string | null {
  if (typeof agent === 'string') return agent
  if (agent && typeof agent === 'object') return str((agent as Record<string, unknown>).name)
  return null
}
