/**
 * `pnpm bench [name…]`: runs the benchmarks (all, or those whose name contains an argument),
 * prints a table, and writes bench/results/latest.json ([{ name, ours, baseline, unit, ratio,
 * rounds }]): each ratio is the median of 3 interleaved rounds, every round's figures kept.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { backlogBehindOpenCircuit } from './backlog-behind-open-circuit.js'
import { dispatchPostgresVsPgBoss } from './dispatch-postgres-vs-pg-boss.js'
import { dispatchVsRawUndici } from './dispatch-vs-raw-undici.js'
import { expressVerifyOverhead } from './express-verify-overhead.js'
import { fanoutIndex } from './fanout-index.js'
import { latencyPerStore, rssOfPendingDeliveries } from './latency-and-memory.js'
import { slowReceivers } from './slow-receivers.js'
import { verifyVsStandardWebhooks } from './verify-vs-standardwebhooks.js'
import type { Result } from './lib.js'

const benchmarks: Array<[name: string, run: () => Promise<Result[]>]> = [
  ['dispatch-memory-vs-raw-undici', async () => [await dispatchVsRawUndici('memory')]],
  ['dispatch-sqlite-vs-raw-undici', async () => [await dispatchVsRawUndici('sqlite')]],
  ['dispatch-postgres-vs-pg-boss', dispatchPostgresVsPgBoss],
  ['verify-vs-standardwebhooks', async () => [await verifyVsStandardWebhooks()]],
  ['express-verify-overhead', async () => [await expressVerifyOverhead()]],
  ['fanout-index', async () => [await fanoutIndex()]],
  ['slow-receivers', async () => [await slowReceivers()]],
  ['backlog-behind-open-circuit', async () => [await backlogBehindOpenCircuit()]],
  ['latency', latencyPerStore],
  ['rss', rssOfPendingDeliveries],
]

const filters = process.argv.slice(2)
const results: Result[] = []
for (const [name, run] of benchmarks) {
  if (filters.length && !filters.some((f) => name.includes(f))) continue
  process.stdout.write(`running ${name}…\n`)
  const started = Date.now()
  results.push(...(await run()))
  process.stdout.write(`  done in ${Math.round((Date.now() - started) / 1000)} s\n`)
}

const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`
console.log(`\nmachine: ${machine}\n`)
console.log('| name | ours | baseline | unit | ratio | goal |')
console.log('|---|---|---|---|---|---|')
for (const r of results) console.log(`| ${r.name} | ${r.ours} | ${r.baseline ?? '—'} | ${r.unit} | ${r.ratio ?? '—'} | ${r.goal ?? '—'} |`)
mkdirSync(new URL('./results/', import.meta.url), { recursive: true })
writeFileSync(new URL('./results/latest.json', import.meta.url), `${JSON.stringify(results.map(({ name, ours, baseline, unit, ratio, rounds }) => ({ name, ours, baseline, unit, ratio, ...(rounds ? { rounds } : {}) })), null, 2)}\n`)
writeFileSync(new URL('./results/machine.txt', import.meta.url), `${machine}\n`)
process.exit(0)
