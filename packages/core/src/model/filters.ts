import { z } from 'zod'
import { callStatuses } from '../events/call-record.js'
import type { EventRecord } from './event.js'

const list = z.array(z.string().min(1).max(255)).min(1).max(500)
const seconds = z.number().nonnegative().max(7 * 86400)

/** Seed 003/004's conditions: every given filter must match. */
export const filtersSchema = z.strictObject({
  /** The event's account. */
  accounts: list.optional(),
  /** The tracked number dialled (compared digits only: +33…, 0033… and 33… are the same number). */
  trackingNumbers: list.optional(),
  /** The agent who took the call (id, name or email), or the user of a user:action. */
  users: list.optional(),
  /** The tracking source (`data.source`). */
  sources: list.optional(),
  /** At least one of these tags. */
  tags: list.optional(),
  statuses: z.array(z.enum(callStatuses)).min(1).max(callStatuses.length).optional(),
  minDurationSec: seconds.optional(),
  maxDurationSec: seconds.optional(),
  minTalkTimeSec: seconds.optional(),
})

export type EndpointFilters = z.output<typeof filtersSchema>

/** The same phone number however it is written: digits only, international prefix dropped. */
export function phoneKey(value: string): string {
  return value.replace(/\D/g, '').replace(/^00/, '')
}

const text = (value: unknown): string | undefined => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined)

function userKeys(data: Record<string, unknown>): string[] {
  const agent = data.agent
  const keys = [text(data.userId), text(data.userName)]
  if (typeof agent === 'string') keys.push(agent)
  else if (agent && typeof agent === 'object') {
    const a = agent as Record<string, unknown>
    keys.push(text(a.id), text(a.name), text(a.email))
  }
  return keys.filter((k): k is string => k !== undefined)
}

/** True when the event passes every filter the endpoint sets (an event without the field does not). */
export function matchesFilters(filters: EndpointFilters | null, event: EventRecord): boolean {
  if (!filters) return true
  const data = event.data
  const num = (value: unknown) => (typeof value === 'number' ? value : undefined)
  if (filters.accounts && !filters.accounts.includes(event.accountId ?? text(data.accountId) ?? '')) return false
  if (filters.trackingNumbers) {
    const number = text(data.trackingNumber)
    if (number === undefined || !filters.trackingNumbers.some((n) => phoneKey(n) === phoneKey(number))) return false
  }
  if (filters.users && !userKeys(data).some((k) => filters.users!.includes(k))) return false
  if (filters.sources && !filters.sources.includes(text(data.source) ?? '')) return false
  if (filters.tags) {
    const tags = Array.isArray(data.tags) ? data.tags.map(String) : []
    if (!tags.some((t) => filters.tags!.includes(t))) return false
  }
  if (filters.statuses && !filters.statuses.includes(data.status as never)) return false
  const duration = num(data.durationSec)
  if (filters.minDurationSec !== undefined && !(duration !== undefined && duration >= filters.minDurationSec)) return false
  if (filters.maxDurationSec !== undefined && !(duration !== undefined && duration <= filters.maxDurationSec)) return false
  const talk = num(data.talkTimeSec)
  if (filters.minTalkTimeSec !== undefined && !(talk !== undefined && talk >= filters.minTalkTimeSec)) return false
  return true
}
