import type { EventRecord } from '../model/event.js'

/** The JSON envelope (format `json`): `{ id, type, timestamp, accountId, data }`. */
export interface Envelope {
  id: string
  type: string
  timestamp: string
  accountId: string | null
  data: Record<string, unknown>
}

export function envelope(event: EventRecord): Envelope {
  return { id: event.id, type: event.type, timestamp: event.timestamp, accountId: event.accountId, data: event.data }
}
