import { readFileSync, readdirSync } from 'node:fs'
import pg from 'pg'
import { attemptRecord, deliveryRecord, endpointRecord, eventRecord } from '@callhook/core/testing'
import { callRecord } from './lib.js'
import { PostgresStore } from '@callhook/postgres'
const url = 'postgres://postgres@127.0.0.1:5432/test'
const schema = 'micro_' + process.pid
const N = 6000
const ticks = (pid: number) => { try { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return Number(f[11]) + Number(f[12]) } catch { return 0 } }
const pgPids = () => readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((p) => { try { return readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'postgres' } catch { return false } })
const pgTicks = () => pgPids().reduce((s, p) => s + ticks(p), 0)
const kinds = () => { const m = new Map<string, number>(); for (const p of pgPids()) { let k = 'backend'; try { const c = readFileSync(`/proc/${p}/cmdline`, 'utf8'); k = c.includes('postgres:') ? c.replace(/\0/g, ' ').replace(/postgres: 15\/main: /, '').split(' ').slice(0, 2).join(' ') : 'postmaster' } catch {} ; if (k.startsWith('postgres ') || k.startsWith('root ')) k = 'backend'; m.set(k, (m.get(k) ?? 0) + ticks(p)) } return m }
async function phase(name: string, fn: () => Promise<void>) {
  const k0 = kinds(); const pg0 = pgTicks(); const me0 = process.cpuUsage(); const t0 = Date.now()
  await fn()
  const pgms = (pgTicks() - pg0) * 10; const me = process.cpuUsage(me0)
  const k1 = kinds(); console.log([...k1].map(([k, v]) => `${k}: ${((v - (k0.get(k) ?? 0)) * 10000 / N).toFixed(0)}`).filter((x) => !x.endsWith(': 0')).join(', '))
  console.log(`${name.padEnd(10)} postgres ${(pgms * 1000 / N).toFixed(0)} µs/delivery, node ${((me.user + me.system) / N).toFixed(0)} µs/delivery, wall ${Date.now() - t0} ms`)
}
const store = new PostgresStore({ connectionString: url, schema, poolSize: 4 })
await store.init()
if (process.env.MICRO_SQL) { const a = new pg.Pool({ connectionString: url, max: 1 }); await a.query(process.env.MICRO_SQL.replaceAll(':schema', `"${schema}"`)); await a.end() }
store.shareLimits({ failureThreshold: 5, cooldownMs: 1000, maxCooldownMs: 4000 })
const ep = endpointRecord({ url: 'http://127.0.0.1:9/hook' })
await store.insertEndpoint(ep)
const events = Array.from({ length: N }, (_, i) => eventRecord({ data: callRecord(i) }))
const deliveries = events.map((e) => deliveryRecord(e, ep.id))
await phase('emit', async () => { for (let i = 0; i < N; i += 8) await Promise.all(events.slice(i, i + 8).map((e, j) => store.insertEvent(e, [deliveries[i + j]!]))) })
const claimed: any[] = []
const body = JSON.stringify(events[0]!.data)
const outcome = (d: any) => store.recordAttempt(attemptRecord(d, { request: { method: 'POST', url: ep.url, headers: { 'content-type': 'application/json', 'webhook-id': d.eventId, 'webhook-timestamp': '1765000000', 'webhook-signature': 'v1,' + 'x'.repeat(44) }, body } }), { status: 'succeeded', attempts: 1, leaseUntil: null, nextAttemptAt: null, lastStatusCode: 200, lastError: null, nextTrigger: 'scheduled' })
const claim = () => store.claimDueDeliveries({ now: new Date().toISOString(), limit: 14, leaseUntil: new Date(Date.now() + 600000).toISOString(), excludeEndpointIds: [], limits: { perEndpoint: 50, slotHorizonMs: 1000 } })
await phase('claim+att', async () => { for (;;) { const b = await claim(); if (!b.length) break; claimed.push(...b); await Promise.all(b.map(outcome)) } })
await phase('nextDue', async () => { for (let i = 0; i < 500; i++) await store.nextDueAt() })
console.log('claimed', claimed.length)
await store.close()
const a = new pg.Pool({ connectionString: url, max: 1 }); await a.query(`DROP SCHEMA "${schema}" CASCADE`); await a.end()
