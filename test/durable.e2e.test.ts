import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { createWebhooks, type Webhooks } from '@callhook/core'
import { startTestReceiver, type TestReceiver } from '@callhook/core/testing'
import { PostgresStore } from '@callhook/postgres'
import { startHeldReceiver, type HeldReceiver } from './helpers/held-receiver.js'
import { startWorker, type Worker } from './helpers/processes.js'

// Real PostgreSQL (CI too): a missing server fails these tests. Each test works in a schema of its own.
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const prefix = `callhook_e2e_${process.pid}_${Date.now().toString(36)}`
const admin = new pg.Pool({ connectionString: databaseUrl, max: 2 })
let schemaCount = 0
const schemas: string[] = []
const newSchema = () => {
  const schema = `${prefix}_${schemaCount++}`
  schemas.push(schema)
  return schema
}
const quiet = { warn() {}, error() {} }
const cleanup: Array<() => Promise<unknown>> = []
const workers: Worker[] = []
const tmp = mkdtempSync(join(tmpdir(), 'callhook-durable-'))

afterEach(async () => {
  for (const w of workers.splice(0)) if (w.process.exitCode === null && w.process.signalCode === null) w.process.kill('SIGKILL')
  for (const close of cleanup.splice(0).reverse()) await close()
})
afterAll(async () => {
  for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await admin.end()
  rmSync(tmp, { recursive: true, force: true })
})

function worker(...args: string[]): Worker {
  const w = startWorker(...args)
  workers.push(w)
  return w
}
async function receiver(delayMs: number): Promise<TestReceiver> {
  const r = await startTestReceiver({ delayMs })
  cleanup.push(() => r.close())
  return r
}
/** An instance that emits and serves the API but sends nothing: the workers deliver. */
async function emitter(schema: string, options: { dispatch?: boolean; pollIntervalMs?: number } = {}): Promise<Webhooks> {
  const hooks = createWebhooks({ store: new PostgresStore({ connectionString: databaseUrl, schema, poolSize: 3 }), allowPrivateNetworks: true, logger: quiet, dispatch: false, ...options })
  cleanup.push(() => hooks.close())
  await hooks.endpoints.list() // migrated
  return hooks
}
async function heldReceiver(): Promise<HeldReceiver> {
  const r = await startHeldReceiver()
  cleanup.push(() => r.close())
  return r
}
const ids = (r: TestReceiver) => r.requests.map((q) => String(q.headers['webhook-id']))

// Each test starts Node processes (tsx compiles on start): on a loaded 2-core machine that alone
// can take seconds, so the bound is wider than the default; no test waits on time passing.
const processTests = { timeout: 60_000 }

describe('PostgreSQL: several processes, one database', processTests, () => {
  it('two dispatcher processes deliver N events exactly once', async () => {
    const schema = newSchema()
    const hooks = await emitter(schema)
    const r = await receiver(5)
    await hooks.endpoints.create({ url: r.url, events: ['call:completed'] })
    const [a, b] = [worker('pg-dispatch', schema, '30000'), worker('pg-dispatch', schema, '30000')]
    await Promise.all([a.waitForLine((l) => l === 'ready'), b.waitForLine((l) => l === 'ready')])
    const emitted: string[] = []
    for (let i = 0; i < 120; i++) emitted.push((await hooks.emit('call:completed', { id: `call_${i}` })).eventId)
    await r.waitFor(120, 20_000)
    // Every delivery confirmed, and no lease can run out within the test: nothing more can be sent.
    await vi.waitFor(async () => {
      expect((await admin.query(`SELECT count(*)::int AS n FROM "${schema}".deliveries WHERE status <> 'succeeded'`)).rows[0].n).toBe(0)
    }, { timeout: 10_000 })
    expect(r.requests).toHaveLength(120)
    expect(new Set(ids(r))).toEqual(new Set(emitted))
  })

  it('when one is killed with SIGKILL mid-burst, the other delivers everything once the lease ends', async () => {
    const schema = newSchema()
    const hooks = await emitter(schema)
    const r = await heldReceiver() // no answer until release(): what is sent stays in flight, unconfirmed
    await hooks.endpoints.create({ url: r.url, events: ['call:completed'] })
    // The endpoint's cap (perEndpoint 8) is shared by the cluster, so it leaves room for both
    // processes; each process sends at most 4 at once (total 4). The sender never gives up on a held
    // request by itself (timeoutMs at its maximum): only a process's death closes its sockets.
    const options = JSON.stringify({ concurrency: { perEndpoint: 8, total: 4 }, timeoutMs: 600_000 })
    const b = worker('pg-dispatch', schema, '60000', options)
    await b.waitForLine((l) => l === 'ready')
    const emitted: string[] = []
    for (let i = 0; i < 80; i++) emitted.push((await hooks.emit('call:completed', { id: `call_${i}` })).eventId)
    await r.until((requests) => requests.length === 4) // B: 4 in flight; it claims nothing more while they wait
    const fromB = new Set(r.requests.map((q) => q.id))
    const a = worker('pg-dispatch', schema, '1500', options)
    await a.waitForLine((l) => l === 'ready')
    await r.until((requests) => requests.length === 8) // A: 4 in flight too (8 − 4 live leases), and no more
    a.process.kill('SIGKILL') // mid-burst, mid-send: it holds leased deliveries it will never finish
    await a.exited
    await r.until((requests) => requests.filter((q) => q.abandonedAt !== null).length === 4) // A's sockets closed with it
    const inFlight = r.requests.filter((q) => q.abandonedAt !== null).map((q) => q.id)
    expect(inFlight.filter((id) => fromB.has(id))).toEqual([]) // B's requests are still held, still open
    const { rows } = await admin.query(`SELECT event_id, lease_until FROM "${schema}".deliveries WHERE event_id = ANY($1::text[]) AND status = 'pending' AND lease_until IS NOT NULL`, [inFlight])
    const leaseEnd = new Map(rows.map((row) => [row.event_id as string, new Date(row.lease_until).getTime()]))
    expect([...leaseEnd.keys()].sort()).toEqual([...inFlight].sort()) // still leased to the dead process
    r.release()
    await r.until((requests) => emitted.every((id) => requests.some((q) => q.id === id && q.abandonedAt === null)), 30_000)
    await vi.waitFor(async () => {
      expect((await admin.query(`SELECT count(*)::int AS n FROM "${schema}".deliveries WHERE status <> 'succeeded'`)).rows[0].n).toBe(0)
    }, { timeout: 10_000 })
    // What A was sending when it died reached the receiver but was never confirmed: B sends it
    // again (at-least-once), once each, and only after A's lease on it ran out.
    for (const id of inFlight) {
      const again = r.requests.filter((q) => q.id === id && q.abandonedAt === null)
      expect(again).toHaveLength(1)
      expect(again[0]!.receivedAt).toBeGreaterThanOrEqual(leaseEnd.get(id)!)
    }
    expect(r.requests).toHaveLength(80 + 4) // everything else exactly once
  })

  it('SIGTERM finishes the deliveries in flight, leaves nothing leased, and another process sends the rest', async () => {
    const schema = newSchema()
    const hooks = await emitter(schema)
    const r = await receiver(200)
    await hooks.endpoints.create({ url: r.url, events: ['call:completed'] })
    const a = worker('pg-dispatch', schema, '60000')
    await a.waitForLine((l) => l === 'ready')
    const emitted: string[] = []
    for (let i = 0; i < 30; i++) emitted.push((await hooks.emit('call:completed', { id: `call_${i}` })).eventId)
    await r.waitFor(2)
    a.process.kill('SIGTERM')
    expect(await a.exited).toBe(0)
    const receivedBeforeExit = new Set(ids(r))
    const { rows } = await admin.query(`SELECT id, event_id, status, lease_until FROM "${schema}".deliveries`)
    expect(rows.filter((row) => row.lease_until !== null && row.status === 'pending')).toEqual([]) // nothing waits for a 60 s lease
    for (const row of rows) if (receivedBeforeExit.has(row.event_id)) expect(row.status).toBe('succeeded') // in flight: finished and logged
    const b = worker('pg-dispatch', schema, '60000')
    await b.waitForLine((l) => l === 'ready')
    await vi.waitFor(() => expect(new Set(ids(r))).toEqual(new Set(emitted)), { timeout: 20_000, interval: 100 })
    expect(r.requests).toHaveLength(30) // and none twice
  })

  it('two processes migrating at once both start, and each migration is applied once', async () => {
    const schema = newSchema()
    const [a, b] = [worker('pg-migrate', schema), worker('pg-migrate', schema)]
    expect(await Promise.all([a.exited, b.exited])).toEqual([0, 0])
    expect(a.lines).toContain('migrated')
    expect(b.lines).toContain('migrated')
    const { rows } = await admin.query(`SELECT id, name FROM "${schema}".migrations ORDER BY id`)
    const files = readdirSync(new URL('../packages/postgres/migrations/', import.meta.url)).filter((f) => /^\d{6}\.sql$/.test(f)).sort()
    expect(files.length).toBeGreaterThanOrEqual(3)
    expect(rows).toEqual(files.map((name) => ({ id: Number(name.slice(0, 6)), name })))
  })

  it('wakes a dispatcher through LISTEN/NOTIFY, not the poll', async () => {
    const schema = newSchema()
    const hooks = await emitter(schema)
    const r = await receiver(0)
    await hooks.endpoints.create({ url: r.url, events: ['call:completed'] })
    await emitter(schema, { dispatch: true, pollIntervalMs: 60_000 }) // the poll alone would take a minute
    await vi.waitFor(async () => { // its LISTEN connection is up (the server shows it idle after the LISTEN)
      const { rows } = await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'idle' AND query = $1`, [`LISTEN "callhook_${schema}"`])
      expect(rows[0].n).toBe(1)
    }, { timeout: 10_000, interval: 20 })
    const started = Date.now()
    await hooks.emit('call:completed', { id: 'call_fast' })
    await r.waitFor(1, 10_000)
    expect(r.requests[0]!.receivedAt - started).toBeLessThan(10_000) // the next poll is a minute away
  })

  it("emit({ client }) commits or rolls back with the host's own transaction", async () => {
    const schema = newSchema()
    const r = await receiver(0)
    const hooks = await emitter(schema, { dispatch: true, pollIntervalMs: 60_000 })
    await hooks.endpoints.create({ url: r.url, events: ['call:completed'] })
    await admin.query(`CREATE TABLE "${schema}".calls (id text PRIMARY KEY)`)
    const app = new pg.Pool({ connectionString: databaseUrl, max: 1 })
    cleanup.push(() => app.end())

    const client = await app.connect()
    await client.query('BEGIN')
    await client.query(`INSERT INTO "${schema}".calls VALUES ('rolled_back')`)
    const rolledBack = await hooks.emit('call:completed', { id: 'rolled_back' }, { client })
    await client.query('ROLLBACK')
    await client.query('BEGIN')
    await client.query(`INSERT INTO "${schema}".calls VALUES ('committed')`)
    const committed = await hooks.emit('call:completed', { id: 'committed' }, { client })
    expect(r.requests).toHaveLength(0) // nothing leaves before COMMIT
    await client.query('COMMIT')
    client.release()

    await r.waitFor(1, 5_000)
    expect(ids(r)).toEqual([committed.eventId])
    await expect(hooks.events.get(rolledBack.eventId)).rejects.toMatchObject({ code: 'not_found' })
    expect((await admin.query(`SELECT id FROM "${schema}".calls`)).rows).toEqual([{ id: 'committed' }])
  })
})

describe('SQLite: one process, killed and restarted', processTests, () => {
  it('a process killed with SIGKILL mid-burst delivers every emitted event after a restart', async () => {
    const file = join(tmp, 'killed.db')
    const r = await heldReceiver() // no answer until release(): the first process confirms nothing
    const first = worker('sqlite', file, r.url, '60')
    await first.waitForLine((l) => l === 'ready') // all 60 stored
    await r.until((requests) => requests.length === 2) // 2 in flight (perEndpoint 2), and no more
    first.process.kill('SIGKILL')
    await first.exited
    const emitted = first.lines.filter((l) => l.startsWith('emitted ')).map((l) => l.slice('emitted '.length))
    expect(emitted).toHaveLength(60)
    expect(r.requests).toHaveLength(2) // work was left when it died: 58 never sent, 2 never confirmed

    r.release()
    const second = worker('sqlite', file, r.url, 'resume')
    await second.waitForLine((l) => l === 'ready')
    await r.until((requests) => emitted.every((id) => requests.some((q) => q.id === id)), 30_000)
  })
})
