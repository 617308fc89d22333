/** An event as stored and as the JSON envelope carries it. */
export interface EventRecord {
  id: string
  type: string
  /** When it happened (ISO 8601). */
  timestamp: string
  accountId: string | null
  data: Record<string, unknown>
  /**
   * The W3C trace context of the emit (`00-<trace id>-<span id>-<flags>`), when a tracer was
   * active: delivery spans link to it, in whichever process delivers. Never sent to endpoints.
   */
  traceparent?: string
}
