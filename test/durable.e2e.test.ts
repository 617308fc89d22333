import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { createWebhooks, type Webhooks } from '@callhook/core'
import { startTestReceiver, type TestReceiver } from '@callhook/core/testing'
import { PostgresStore } from '@callhook/postgres'
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
const ids = (r: TestReceiver) => r.requests.map((q) => String(q.headers['webhook-id']))

describe('PostgreSQL: several processes, one database', () => {
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
    // Both workers stop (close() waits for attempts in flight): every request either worker sent is in.
    for (const w of [a, b]) w.process.kill('SIGTERM')
    expect(await Promise.all([a.exited, b.exited])).toEqual([0, 0])
    expect(r.requests).toHaveLength(120)
    expect(new Set(ids(r))).toEqual(new Set(emitted))
  })

  it('when one is killed with SIGKILL mid-burst, the other delivers everything once the lease ends', async () => {
    const schema = newSchema()
    const hooks = await emitter(schema)
    const r = await receiver(150)
    await hooks.endpoints.create({ url: r.url, events: ['call:completed'] })
    const a = worker('pg-dispatch', schema, '1500')
    await a.waitForLine((l) => l === 'ready')
    const emitted: string[] = []
    for (let i = 0; i < 80; i++) emitted.push((await hooks.emit('call:completed', { id: `call_${i}` })).eventId)
    await r.waitFor(4) // A alone is sending: 4 at a time, 150 ms each, about 3 s of work
    const b = worker('pg-dispatch', schema, '1500')
    await b.waitForLine((l) => l === 'ready')
    a.process.kill('SIGKILL') // mid-burst, mid-send: it holds leased deliveries it will never finish
    const killedAt = Date.now()
    await vi.waitFor(() => expect(new Set(ids(r))).toEqual(new Set(emitted)), { timeout: 30_000, interval: 100 })
    // What A was sending when it died reached the receiver but was never confirmed: B sends it
    // again (at-least-once), and only after A's 1.5 s lease ran out.
    const inFlightAtKill = new Set(r.requests.filter((q) => q.receivedAt <= killedAt).map((q) => String(q.headers['webhook-id'])))
    const resent = r.requests.filter((q) => q.receivedAt > killedAt && inFlightAtKill.has(String(q.headers['webhook-id'])))
    expect(resent.length).toBeGreaterThan(0)
    for (const q of resent) expect(q.receivedAt - killedAt).toBeGreaterThanOrEqual(1000)
    await vi.waitFor(async () => {
      expect((await admin.query(`SELECT count(*)::int AS n FROM "${schema}".deliveries WHERE status <> 'succeeded'`)).rows[0].n).toBe(0)
    }, { timeout: 10_000 })
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

  it('wakes a dispatcher within milliseconds through LISTEN/NOTIFY, not the poll', async () => {
    const schema = newSchema()
    const hooks = await emitter(schema)
    const r = await receiver(0)
    await hooks.endpoints.create({ url: r.url, events: ['call:completed'] })
    await emitter(schema, { dispatch: true, pollIntervalMs: 60_000 }) // the poll alone would take a minute
    await new Promise((resolve) => setTimeout(resolve, 300)) // LISTEN is up
    const started = Date.now()
    await hooks.emit('call:completed', { id: 'call_fast' })
    await r.waitFor(1, 5_000)
    expect(r.requests[0]!.receivedAt - started).toBeLessThan(1_000)
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

describe('SQLite: one process, killed and restarted', () => {
  it('a process killed with SIGKILL mid-burst delivers every emitted event after a restart', async () => {
    const file = join(tmp, 'killed.db')
    const r = await receiver(40)
    const first = worker('sqlite', file, r.url, '60')
    await r.waitFor(5, 20_000)
    first.process.kill('SIGKILL')
    await first.exited
    const emitted = first.lines.filter((l) => l.startsWith('emitted ')).map((l) => l.slice('emitted '.length))
    expect(emitted.length).toBeGreaterThan(5)
    expect(new Set(ids(r)).size).toBeLessThan(emitted.length) // work was left when it died

    const second = worker('sqlite', file, r.url, 'resume')
    await second.waitForLine((l) => l === 'ready')
    await vi.waitFor(() => expect(emitted.filter((id) => !ids(r).includes(id))).toEqual([]), { timeout: 30_000, interval: 100 })
  })
})
