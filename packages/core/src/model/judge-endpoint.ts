import type { EndpointRecord, EndpointUpdateRecord } from './endpoint.js'

/**
 * How one attempt changes the endpoint's health: a success clears its failure run; a failure
 * starts one, and 410 Gone or a run longer than `disableAfterMs` disables the endpoint.
 */
export function judgeEndpoint(
  endpoint: EndpointRecord,
  success: boolean,
  status: number | null,
  attemptStartedAt: string,
  nowMs: number,
  disableAfterMs: number,
): { patch: EndpointUpdateRecord | null; disabled: boolean } {
  if (success) return { patch: endpoint.failingSince === null ? null : { failingSince: null }, disabled: false }
  const failingSince = endpoint.failingSince ?? attemptStartedAt
  const disabledReason = status === 410
    ? 'The endpoint answered 410 Gone'
    : nowMs - Date.parse(failingSince) >= disableAfterMs
      ? `Every delivery failed since ${failingSince}`
      : null
  if (disabledReason !== null) return { patch: { enabled: false, disabledReason, failingSince }, disabled: true }
  return { patch: endpoint.failingSince === null ? { failingSince } : null, disabled: false }
}
