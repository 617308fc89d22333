import { describe, expect, it } from 'vitest'
import { endpointRecord } from '../testing/records.js'
import { judgeEndpoint } from './judge-endpoint.js'

const DAY = 86_400_000
const now = Date.parse('2026-03-10T00:00:00Z')
const startedAt = new Date(now).toISOString()

describe('endpoint health after an attempt', () => {
  it('starts a failure run on the first failure', () => {
    expect(judgeEndpoint(endpointRecord(), false, 500, startedAt, now, 5 * DAY)).toEqual({ patch: { failingSince: startedAt }, disabled: false })
  })

  it('clears the failure run on success, and leaves a healthy endpoint alone', () => {
    expect(judgeEndpoint(endpointRecord({ failingSince: '2026-03-09T00:00:00.000Z' }), true, 200, startedAt, now, 5 * DAY)).toEqual({ patch: { failingSince: null }, disabled: false })
    expect(judgeEndpoint(endpointRecord(), true, 200, startedAt, now, 5 * DAY)).toEqual({ patch: null, disabled: false })
  })

  it('disables the endpoint on 410 Gone', () => {
    const verdict = judgeEndpoint(endpointRecord(), false, 410, startedAt, now, 5 * DAY)
    expect(verdict.disabled).toBe(true)
    expect(verdict.patch).toMatchObject({ enabled: false, disabledReason: 'The endpoint answered 410 Gone' })
  })

  it('disables an endpoint that has failed everything for 5 days, not before', () => {
    const fourDays = endpointRecord({ failingSince: new Date(now - 4 * DAY).toISOString() })
    expect(judgeEndpoint(fourDays, false, 500, startedAt, now, 5 * DAY)).toEqual({ patch: null, disabled: false })
    const fiveDays = endpointRecord({ failingSince: new Date(now - 5 * DAY).toISOString() })
    const verdict = judgeEndpoint(fiveDays, false, null, startedAt, now, 5 * DAY)
    expect(verdict.disabled).toBe(true)
    expect(verdict.patch?.disabledReason).toMatch(/^Every delivery failed since 2026-03-05/)
  })
})
