/** An event as stored and as the JSON envelope carries it. */
export interface EventRecord {
  id: string
  type: string
  /** When it happened (ISO 8601). */
  timestamp: string
  accountId: string | null
  data: Record<string, unknown>
}
