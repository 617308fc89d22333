import { expect, it } from 'vitest'
import type { Store } from '../store/types.js'
import { attemptRecord, deliveryRecord, endpointRecord, eventRecord } from './records.js'

type Shot = [startedAt: string, durationMs: number, success: boolean]

/** `Store.endpointStats` cases of the store contract; `store()` is the current test's store. */
export function describeStatsContract(store: () => Store): void {
  /** An endpoint with one delivery per event, and the attempts given (in that order). */
  async function endpointWith(shots: Shot[]): Promise<string> {
    const ep = endpointRecord()
    await store().insertEndpoint(ep)
    const event = eventRecord()
    const deliveries = [deliveryRecord(event, ep.id), deliveryRecord(event, ep.id)]
    await store().insertEvent(event, deliveries)
    let n = 0
    for (const [startedAt, durationMs, success] of shots) {
      const delivery = deliveries[n % 2]! // spread over two deliveries: stats are per endpoint, not per delivery
      await store().recordAttempt(attemptRecord(delivery, { number: ++n, startedAt, durationMs, success }), {})
    }
    return ep.id
  }
  const stats = (endpointId: string, from: string, to: string, bucket: 'hour' | 'day' = 'hour') => store().endpointStats({ endpointId, from, to, bucket })

  it('stats: counts attempts per UTC hour, by when they started, earliest bucket first', async () => {
    const ep = await endpointWith([
      ['2026-03-10T11:00:00.000Z', 10, false],
      ['2026-03-10T10:00:00.000Z', 10, true],
      ['2026-03-10T10:59:59.999Z', 10, false],
      ['2026-03-10T10:30:00.000Z', 10, true],
      ['2026-03-10T13:15:00.000Z', 10, true],
    ])
    expect(await stats(ep, '2026-03-10T00:00:00.000Z', '2026-03-11T00:00:00.000Z')).toEqual([
      { start: '2026-03-10T10:00:00.000Z', succeeded: 2, failed: 1, p50Ms: 10, p95Ms: 10 },
      { start: '2026-03-10T11:00:00.000Z', succeeded: 0, failed: 1, p50Ms: 10, p95Ms: 10 },
      { start: '2026-03-10T13:00:00.000Z', succeeded: 1, failed: 0, p50Ms: 10, p95Ms: 10 },
    ])
  })

  it('stats: a day bucket is a UTC day, midnight to midnight', async () => {
    const ep = await endpointWith([
      ['2026-03-10T00:00:00.000Z', 5, true],
      ['2026-03-10T23:59:59.999Z', 5, false],
      ['2026-03-11T00:00:00.000Z', 5, true],
    ])
    expect(await stats(ep, '2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z', 'day')).toEqual([
      { start: '2026-03-10T00:00:00.000Z', succeeded: 1, failed: 1, p50Ms: 5, p95Ms: 5 },
      { start: '2026-03-11T00:00:00.000Z', succeeded: 1, failed: 0, p50Ms: 5, p95Ms: 5 },
    ])
  })

  it('stats: counts attempts from `from` (included) to `to` (excluded); an empty range has no buckets', async () => {
    const ep = await endpointWith([
      ['2026-03-10T09:59:59.999Z', 1, true],
      ['2026-03-10T10:15:00.000Z', 20, true],
      ['2026-03-10T10:45:00.000Z', 30, false],
      ['2026-03-10T11:00:00.000Z', 4, true],
    ])
    expect(await stats(ep, '2026-03-10T10:15:00.000Z', '2026-03-10T11:00:00.000Z')).toEqual([
      { start: '2026-03-10T10:00:00.000Z', succeeded: 1, failed: 1, p50Ms: 25, p95Ms: 29.5 },
    ])
    expect(await stats(ep, '2026-03-10T12:00:00.000Z', '2026-03-10T18:00:00.000Z')).toEqual([])
    expect(await stats(ep, '2026-03-10T10:15:00.000Z', '2026-03-10T10:15:00.000Z')).toEqual([])
    expect(await stats('ep_missing', '2026-03-10T00:00:00.000Z', '2026-03-11T00:00:00.000Z')).toEqual([])
  })

  it('stats: p50 and p95 of the durations, interpolated between neighbours (percentile_cont)', async () => {
    const hour = (m: number) => `2026-03-10T10:${String(m).padStart(2, '0')}:00.000Z`
    const ep = await endpointWith([
      [hour(0), 40, true], [hour(1), 10, true], [hour(2), 30, false], [hour(3), 20, true], // one bucket: 10 20 30 40
      ['2026-03-10T11:00:00.000Z', 7, true], // a bucket of one
      ...Array.from({ length: 20 }, (_, i): Shot => [`2026-03-10T12:${String(i).padStart(2, '0')}:00.000Z`, (20 - i) * 100, true]), // 100 … 2000
    ])
    expect(await stats(ep, '2026-03-10T00:00:00.000Z', '2026-03-11T00:00:00.000Z')).toEqual([
      { start: '2026-03-10T10:00:00.000Z', succeeded: 3, failed: 1, p50Ms: 25, p95Ms: 38.5 },
      { start: '2026-03-10T11:00:00.000Z', succeeded: 1, failed: 0, p50Ms: 7, p95Ms: 7 },
      { start: '2026-03-10T12:00:00.000Z', succeeded: 20, failed: 0, p50Ms: 1050, p95Ms: 1905 },
    ])
  })

  it("stats: leave out other endpoints' attempts", async () => {
    const mine = await endpointWith([['2026-03-10T10:00:00.000Z', 10, true]])
    await endpointWith([['2026-03-10T10:00:00.000Z', 900, false], ['2026-03-10T10:30:00.000Z', 900, false]])
    expect(await stats(mine, '2026-03-10T00:00:00.000Z', '2026-03-11T00:00:00.000Z')).toEqual([
      { start: '2026-03-10T10:00:00.000Z', succeeded: 1, failed: 0, p50Ms: 10, p95Ms: 10 },
    ])
  })
}
