import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { sampleCall } from '@callhook/core'

export interface Result {
  name: string
  /** Our measurement. */
  ours: number
  /** The baseline's, measured in the same run; null for rows reported alone. */
  baseline: number | null
  unit: string
  /** How many times better ours is (higher is better); null for rows reported alone. */
  ratio: number | null
  /** The target ratio (or bound) from the issue, when there is one. */
  goal?: string
  /** Every round's figures, in the order they ran (written to latest.json). */
  rounds?: Round[]
}

export interface Round {
  ours: number
  baseline: number | null
  ratio: number | null
}

export const ROUNDS = 3
export const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

/** The round whose ratio is the median: its ours and baseline are reported with it, so the three columns agree. */
export function medianRound(rounds: Round[]): Round {
  return [...rounds].sort((a, b) => a.ratio! - b.ratio!)[Math.floor(rounds.length / 2)]!
}

/**
 * Runs baseline and ours alternately, `rounds` times (baseline first in odd rounds, ours first in
 * even ones, so neither always runs on a warmer machine), and reports the round with the median
 * ratio. `higherIsBetter: false` for costs (ratio = baseline / ours).
 */
export async function interleaved(
  row: { name: string; unit: string; goal?: string; digits?: number; higherIsBetter?: boolean; rounds?: number },
  baseline: () => Promise<number>,
  ours: () => Promise<number>,
): Promise<Result> {
  const rounds: Round[] = []
  const digits = row.digits ?? 0
  for (let i = 0; i < (row.rounds ?? ROUNDS); i++) {
    let b: number
    let o: number
    if (i % 2 === 0) {
      b = await baseline()
      o = await ours()
    } else {
      o = await ours()
      b = await baseline()
    }
    const ratio = row.higherIsBetter === false ? b / o : o / b
    rounds.push({ ours: round(o, digits), baseline: round(b, digits), ratio: round(ratio) })
    process.stdout.write(`  round ${i + 1}: ours ${round(o, digits)}, baseline ${round(b, digits)} ${row.unit}, ratio ${round(ratio)}\n`)
  }
  const middle = medianRound(rounds)
  return { name: row.name, unit: row.unit, ...(row.goal ? { goal: row.goal } : {}), rounds, ours: middle.ours, baseline: middle.baseline, ratio: middle.ratio }
}

/** `rounds` runs of a row reported alone or against a fixed figure; the median, every round kept. */
export async function repeated(row: { name: string; unit: string; goal?: string; digits?: number; baseline?: number; rounds?: number }, measure: () => Promise<number>): Promise<Result> {
  const rounds: Round[] = []
  const digits = row.digits ?? 0
  for (let i = 0; i < (row.rounds ?? ROUNDS); i++) {
    const o = await measure()
    const ratio = row.baseline === undefined ? null : round(o / row.baseline)
    rounds.push({ ours: round(o, digits), baseline: row.baseline ?? null, ratio })
    process.stdout.write(`  round ${i + 1}: ${round(o, digits)} ${row.unit}${ratio === null ? '' : `, ratio ${ratio}`}\n`)
  }
  return { name: row.name, unit: row.unit, ...(row.goal ? { goal: row.goal } : {}), rounds, ours: median(rounds.map((r) => r.ours)), baseline: row.baseline ?? null, ratio: row.baseline === undefined ? null : median(rounds.map((r) => r.ratio!)) }
}

export const root = fileURLToPath(new URL('..', import.meta.url))
export const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
export const quiet = { warn() {}, error() {} }
export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits

export interface Child {
  process: ChildProcess
  /** Resolves with the first stdout line starting with `prefix` (its rest). */
  line(prefix: string, timeoutMs?: number): Promise<string>
  stop(): Promise<void>
}

/** Runs `bench/fixtures/<name>.ts` in its own Node process, on the TypeScript sources. */
export function child(name: string, ...args: string[]): Child {
  // BENCH_CPU_PROF=<dir>: each child process writes a .cpuprofile there (node --cpu-prof), to profile workers
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []
  const proc = spawn(process.execPath, [...profile, ...(process.env.BENCH_DIST ? [] : ['--conditions=callhook-source']), '--import', 'tsx', fileURLToPath(new URL(`./fixtures/${name}.ts`, import.meta.url)), ...args], {
    cwd: root, stdio: ['ignore', 'pipe', 'inherit'],
  })
  const lines: string[] = []
  const waiters = new Set<() => void>()
  let buffer = ''
  proc.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString()
    const parts = buffer.split('\n')
    buffer = parts.pop()!
    lines.push(...parts)
    for (const w of waiters) w()
  })
  return {
    process: proc,
    line(prefix, timeoutMs = 300_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name}: no "${prefix}" line within ${timeoutMs} ms`)), timeoutMs)
        const check = () => {
          const index = lines.findIndex((l) => l.startsWith(prefix))
          if (index < 0) return
          const [found] = lines.splice(index, 1)
          clearTimeout(timer)
          waiters.delete(check)
          resolve(found!.slice(prefix.length).trim())
        }
        waiters.add(check)
        check()
      })
    },
    async stop() {
      if (proc.exitCode !== null) return
      const exited = new Promise((resolve) => proc.once('exit', resolve))
      proc.kill('SIGTERM')
      await exited
    },
  }
}

/** A receiver in its own process (answering after `delayMs`): counts answers, reports when a target count is reached, records latencies. */
export async function startReceiver(delayMs = 0): Promise<{ url: string; expect(n: number): Promise<() => Promise<number>>; latencies(): Promise<number[]>; stop(): Promise<void> }> {
  const proc = child('receiver', String(delayMs))
  const url = await proc.line('listening')
  return {
    url,
    /** Arms the receiver for n requests; the returned function resolves with the time (ms) the n-th arrived. */
    async expect(n) {
      await fetch(`${url}/_expect?n=${n}`)
      return async () => Number(await proc.line('done'))
    },
    async latencies() {
      return (await (await fetch(`${url}/_latencies`)).json()) as number[]
    },
    stop: () => proc.stop(),
  }
}

/** A ~1 KiB call record (serialised envelope about 1 KiB), with the emit time for latency runs. */
export function callRecord(i: number): Record<string, unknown> {
  const call = sampleCall({ id: `call_${i}`, emittedAt: Date.now() })
  call.customFields = { crmLeadId: `L-${i}`, note: 'x'.repeat(Math.max(0, 1024 - JSON.stringify(call).length - 120)) }
  return call
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}
