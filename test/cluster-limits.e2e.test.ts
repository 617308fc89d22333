import pg from 'pg'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createWebhooks, type Webhooks } from '@callhook/core'
import { startTestReceiver, type ReceivedRequest, type TestReceiver, type TestReply } from '@callhook/core/testing'
import { PostgresStore } from '@callhook/postgres'
import { startHeldReceiver, type HeldReceiver } from './helpers/held-receiver.js'
import { startWorker, type Worker } from './helpers/processes.js'

// Two worker processes on one PostgreSQL schema; the receiver measures what they send together.
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const prefix = `callhook_cluster_${process.pid}_${Date.now().toString(36)}`
const admin = new pg.Pool({ connectionString: databaseUrl, max: 2 })
const schemas: string[] = []
const cleanup: Array<() => Promise<unknown>> = []
const workers: Worker[] = []

afterEach(async () => {
  for (const w of workers.splice(0)) if (w.process.exitCode === null && w.process.signalCode === null) w.process.kill('SIGKILL')
  for (const close of cleanup.splice(0).reverse()) await close()
})
afterAll(async () => {
  for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await admin.end()
})

/** A schema, an instance that only emits (dispatch: false), and two dispatching worker processes with `options`. */
async function cluster(options: object = {}): Promise<Webhooks> {
  const schema = `${prefix}_${schemas.length}`
  schemas.push(schema)
  const hooks = createWebhooks({ store: new PostgresStore({ connectionString: databaseUrl, schema, poolSize: 3 }), allowPrivateNetworks: true, logger: { warn() {}, error() {} }, dispatch: false })
  cleanup.push(() => hooks.close())
  await hooks.endpoints.list() // migrated before the workers start
  const pair = [startWorker('pg-dispatch', schema, '30000', JSON.stringify(options)), startWorker('pg-dispatch', schema, '30000', JSON.stringify(options))]
  workers.push(...pair)
  await Promise.all(pair.map((w) => w.waitForLine((l) => l === 'ready')))
  return hooks
}
async function heldReceiver(): Promise<HeldReceiver> {
  const r = await startHeldReceiver()
  cleanup.push(() => r.close())
  return r
}
async function receiver(reply: TestReply | ((q: ReceivedRequest, i: number) => TestReply) = {}): Promise<TestReceiver> {
  const r = await startTestReceiver(reply)
  cleanup.push(() => r.close())
  return r
}
const bodyOf = (q: ReceivedRequest) => JSON.parse(q.text) as { type: string; data: { id: string } }

/** The most arrivals in any one-second window [t, t + 1000) that starts at an arrival. */
function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b)
  let most = 0
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (j < sorted.length && sorted[j]! < sorted[i]! + 1000) j++
    most = Math.max(most, j - i)
  }
  return most
}

describe('two worker processes on one PostgreSQL: limits and ordering hold for the cluster', () => {
  it('per-call ordering: a retried call:ringing holds back the rest of its call in both processes; other calls do not wait', async () => {
    const hooks = await cluster({ retry: { delaysSeconds: [0.5, 0.5], jitter: 0 } })
    const seen = new Set<string>()
    const failing = (id: string) => Number(id.slice('call_'.length)) % 2 === 0 // even calls: the first ringing fails
    const r = await receiver((q) => {
      const { type, data } = bodyOf(q)
      const fail = type === 'call:ringing' && failing(data.id) && !seen.has(data.id)
      seen.add(data.id)
      return { status: fail ? 500 : 200, delayMs: 20 }
    })
    await hooks.endpoints.create({ url: r.url, events: ['call:ringing', 'call:answered', 'call:completed'], ordered: true })
    const calls = Array.from({ length: 8 }, (_, i) => `call_${i}`)
    for (const id of calls) for (const type of ['call:ringing', 'call:answered', 'call:completed']) await hooks.emit(type, { id })
    await r.waitFor(calls.length * 3 + calls.filter(failing).length, 20_000)
    const typesOf = (id: string) => r.requests.filter((q) => bodyOf(q).data.id === id).map((q) => bodyOf(q).type)
    for (const id of calls) {
      expect(typesOf(id)).toEqual([...(failing(id) ? ['call:ringing'] : []), 'call:ringing', 'call:answered', 'call:completed'])
    }
    // The calls whose ringing went through finished while the others waited for their retry.
    const firstRetry = r.requests.findIndex((q, i) => bodyOf(q).type === 'call:ringing' && r.requests.slice(0, i).some((p) => bodyOf(p).data.id === bodyOf(q).data.id))
    const completedBefore = r.requests.slice(0, firstRetry).filter((q) => bodyOf(q).type === 'call:completed').map((q) => bodyOf(q).data.id)
    expect(completedBefore.length).toBeGreaterThan(0)
    expect(completedBefore.every((id) => !failing(id))).toBe(true)
  })

  it('rateLimitPerSecond 5: the receiver never sees more than 5 in any one-second window, and gets everything, from both processes', async () => {
    // Each process sends one request at a time, and the receiver holds its answers until two are
    // open: both processes are sending before anything goes on, whatever the machine's load.
    const hooks = await cluster({ concurrency: { total: 1 }, timeoutMs: 600_000 })
    const r = await heldReceiver()
    await hooks.endpoints.create({ url: r.url, events: ['call:completed'], rateLimitPerSecond: 5 })
    const emitted = new Set<string>()
    for (let i = 0; i < 20; i++) emitted.add((await hooks.emit('call:completed', { id: `call_${i}` })).eventId)
    await r.until((requests) => requests.length >= 2)
    r.release()
    await r.until((requests) => requests.length >= 20)
    expect(busiestSecond(r.requests.map((q) => q.receivedAt))).toBeLessThanOrEqual(5)
    expect(new Set(r.requests.map((q) => q.id))).toEqual(emitted)
  }, 60_000)

  it('the per-endpoint concurrency cap (4) counts requests in flight from both processes', async () => {
    // Each process may have 3 requests open in all, so 4 open at the receiver are from both, and
    // together they would open 6 but for the shared cap.
    const hooks = await cluster({ concurrency: { perEndpoint: 4, total: 3 }, timeoutMs: 600_000 })
    const r = await heldReceiver()
    await hooks.endpoints.create({ url: r.url, events: ['call:completed'] })
    for (let i = 0; i < 24; i++) await hooks.emit('call:completed', { id: `call_${i}` })
    await r.until((requests) => requests.length >= 4)
    r.release()
    await r.until((requests) => requests.length >= 24)
    expect(r.maxInFlight).toBe(4)
  }, 60_000)

  it("the circuit breaker counts both processes' failures: it opens for all after 3, then lets one probe through", async () => {
    const hooks = await cluster({
      concurrency: { perEndpoint: 1 }, retry: { delaysSeconds: Array(10).fill(0.05), jitter: 0 },
      circuitBreaker: { failureThreshold: 3, cooldownSeconds: 1, maxCooldownSeconds: 10 },
    })
    const r = await receiver({ status: 500 })
    await hooks.endpoints.create({ url: r.url, events: ['call:missed'] })
    for (let i = 0; i < 6; i++) await hooks.emit('call:missed', { id: `call_${i}` })
    const requests = await r.waitFor(5, 10_000)
    const gaps = requests.slice(1).map((q, i) => q.receivedAt - requests[i]!.receivedAt)
    // Retries were due all along: per process, 3 failures each would be 6 requests before any pause.
    expect(gaps[0]).toBeLessThan(900)
    expect(gaps[1]).toBeLessThan(900)
    expect(gaps[2]).toBeGreaterThanOrEqual(900) // open: nothing until the cooldown ends, then one probe
    expect(gaps[3]).toBeGreaterThanOrEqual(1800) // the probe failed: open twice as long
  })
})
