/**
 * Reported alone (no baseline): p50/p99 emit → receipt latency at 200 events/s for each store,
 * and the RSS of 100,000 pending deliveries in the memory store.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { createWebhooks, MemoryStore, type Store } from '@callhook/core'
import { PostgresStore } from '@callhook/postgres'
import { SqliteStore } from '@callhook/sqlite'
import { callRecord, child, databaseUrl, percentile, quiet, round, startReceiver, type Result } from './lib.js'

const RATE = 200
const EVENTS = 2000

async function emitAtRate(emit: (i: number) => Promise<unknown>): Promise<void> {
  const started = Date.now()
  for (let i = 0; i < EVENTS; i++) {
    const due = started + (i * 1000) / RATE
    const wait = due - Date.now()
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    await emit(i)
  }
}

async function latencies(kind: 'memory' | 'sqlite' | 'postgres', dir: string): Promise<Result[]> {
  const receiver = await startReceiver()
  const schema = `callhook_latency_${process.pid}_${Date.now().toString(36)}`
  const worker = kind === 'postgres' ? child('pg-worker', 'callhook', schema, '25') : undefined
  try {
    const store: Store = kind === 'memory' ? new MemoryStore() : kind === 'sqlite' ? new SqliteStore({ filename: join(dir, 'latency.db') }) : new PostgresStore({ connectionString: databaseUrl, schema, poolSize: 4 })
    // PostgreSQL: this process emits, a worker process delivers (woken by NOTIFY)
    const hooks = createWebhooks({ store, dispatch: kind !== 'postgres', allowPrivateNetworks: true, logger: quiet })
    await hooks.endpoints.create({ url: `${receiver.url}/hook`, events: ['call:completed'] })
    await worker?.line('ready')
    const done = await receiver.expect(EVENTS)
    await emitAtRate((i) => hooks.emit('call:completed', callRecord(i)))
    await done()
    const values = await receiver.latencies()
    await hooks.close()
    return [
      { name: `latency-${kind}-p50`, ours: percentile(values, 50), baseline: null, unit: 'ms', ratio: null },
      { name: `latency-${kind}-p99`, ours: percentile(values, 99), baseline: null, unit: 'ms', ratio: null, ...(kind === 'postgres' ? { goal: '< 25 ms' } : {}) },
    ]
  } finally {
    await worker?.stop()
    await receiver.stop()
    if (kind === 'postgres') {
      const admin = new pg.Pool({ connectionString: databaseUrl, max: 1 })
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
      await admin.end()
    }
  }
}

export async function latencyPerStore(): Promise<Result[]> {
  const dir = mkdtempSync(join(tmpdir(), 'callhook-latency-'))
  try {
    return [...(await latencies('memory', dir)), ...(await latencies('sqlite', dir)), ...(await latencies('postgres', dir))]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export async function rssOfPendingDeliveries(): Promise<Result[]> {
  const proc = child('rss')
  const [after, before] = (await proc.line('rss')).split(' ').map(Number) as [number, number]
  await proc.stop()
  return [{ name: 'rss-100k-pending-memory', ours: round(after / 2 ** 20, 0), baseline: null, unit: `MiB RSS (+${round((after - before) / 2 ** 20, 0)} MiB for them)`, ratio: null }]
}
