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
  const proc = spawn(process.execPath, ['--conditions=callhook-source', '--import', 'tsx', fileURLToPath(new URL(`./fixtures/${name}.ts`, import.meta.url)), ...args], {
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

/** A receiver in its own process: counts requests, reports when a target count is reached, records latencies. */
export async function startReceiver(): Promise<{ url: string; expect(n: number): Promise<() => Promise<number>>; latencies(): Promise<number[]>; stop(): Promise<void> }> {
  const proc = child('receiver')
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
