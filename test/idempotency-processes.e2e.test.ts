import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { createWebhooks } from '@callhook/core'
import { startTestReceiver } from '@callhook/core/testing'
import { PostgresStore } from '@callhook/postgres'

// Real PostgreSQL and real processes: two emitters race on the same idempotency keys.
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const schema = `callhook_idem_${process.pid}_${Date.now().toString(36)}`
const admin = new pg.Pool({ connectionString: databaseUrl, max: 2 })
const root = fileURLToPath(new URL('..', import.meta.url))
const fixture = fileURLToPath(new URL('./fixtures/emitter.ts', import.meta.url))

afterAll(async () => {
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await admin.end()
})

interface Emitter { ready: Promise<void>; output: Promise<string[]> }

function startEmitter(lockId: number, count: number): Emitter {
  const child = spawn(process.execPath, ['--conditions=callhook-source', '--import', 'tsx', fixture, schema, String(lockId), String(count)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  let markReady: () => void
  const ready = new Promise<void>((resolve) => (markReady = resolve))
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
    if (stdout.includes('ready\n')) markReady()
  })
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const output = new Promise<string[]>((resolve, reject) => child.on('exit', (code) => {
    if (code === 0) resolve(stdout.trim().split('\n'))
    else reject(new Error(`emitter exited with ${code}: ${stderr}`))
  }))
  return { ready: Promise.race([ready, output.then(() => undefined)]), output }
}

describe('idempotent emits across processes (PostgreSQL)', () => {
  it('two processes emitting the same keys at the same moment store one event per key; both get its id; the receiver gets each once', async () => {
    const receiver = await startTestReceiver()
    const hooks = createWebhooks({ store: new PostgresStore({ connectionString: databaseUrl, schema, poolSize: 3 }), allowPrivateNetworks: true, logger: { warn() {}, error() {} }, pollIntervalMs: 100 })
    try {
      await hooks.endpoints.create({ url: `${receiver.url}/hooks`, events: ['call:completed'] })
      const count = 25
      const lockId = Math.floor(Math.random() * 1e9)
      const barrier = await admin.connect()
      let released = false
      try {
        await barrier.query('SELECT pg_advisory_lock($1)', [lockId])
        const emitters = [startEmitter(lockId, count), startEmitter(lockId, count)]
        await Promise.all(emitters.map((e) => e.ready))
        // Both wait on the lock before letting go, so both start emitting together.
        for (let waiting = 0; waiting < 2;) {
          const { rows } = await admin.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = $1::bigint`, [lockId])
          waiting = rows[0].n
          if (waiting < 2) await new Promise((resolve) => setTimeout(resolve, 20))
        }
        await barrier.query('SELECT pg_advisory_unlock($1)', [lockId])
        released = true
        const [a, b] = await Promise.all(emitters.map((e) => e.output))
        const answers = (lines: string[]) => new Map(lines.filter((l) => l.startsWith('emitted ')).map((l) => l.split(' ')).map(([, key, id, replayed]) => [key!, { id: id!, replayed: replayed === 'true' }]))
        const [first, second] = [answers(a!), answers(b!)]
        expect(first.size).toBe(count)
        expect(second.size).toBe(count)
        for (const [key, answer] of first) {
          expect(second.get(key)!.id).toBe(answer.id) // the same event, whoever stored it
          expect([answer.replayed, second.get(key)!.replayed].sort()).toEqual([false, true]) // exactly one stored it
        }
        const { rows } = await admin.query(`SELECT (SELECT count(*)::int FROM "${schema}".events) AS events, (SELECT count(*)::int FROM "${schema}".deliveries) AS deliveries`)
        expect(rows[0]).toEqual({ events: count, deliveries: count }) // nothing else was queued, so nothing else can be sent
        const received = await receiver.waitFor(count, 20_000)
        expect(new Set(received.map((r) => r.headers['webhook-id']))).toEqual(new Set([...first.values()].map((x) => x.id)))
      } finally {
        if (!released) await barrier.query('SELECT pg_advisory_unlock($1)', [lockId])
        barrier.release()
      }
    } finally {
      await hooks.close()
      await receiver.close()
    }
  }, 60_000)
})
