/**
 * Operational events: what callhook itself reports about delivery (like Svix's operational
 * webhooks). An endpoint gets them only when it names them in `events`; `'*'` never matches them,
 * so ordinary endpoints are not sent callhook's own alerts.
 */
export const OPERATIONAL_EVENT_TYPES = ['endpoint:disabled', 'endpoint:recovered', 'endpoint:secret-rotated', 'delivery:failed'] as const

export type OperationalEventType = (typeof OPERATIONAL_EVENT_TYPES)[number]

const operational: ReadonlySet<string> = new Set(OPERATIONAL_EVENT_TYPES)

/** True for callhook's own operational event types (never matched by `'*'`). */
export function isOperationalEventType(type: string): type is OperationalEventType {
  return operational.has(type)
}

/** The subscriptions that match an event of this type: the type itself, and `'*'` unless it is operational. */
export function subscriptionsFor(type: string): string[] {
  return isOperationalEventType(type) ? [type] : [type, '*']
}
