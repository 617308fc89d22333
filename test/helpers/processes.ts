import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))
const worker = fileURLToPath(new URL('../fixtures/worker.ts', import.meta.url))

export interface Worker {
  readonly process: ChildProcess
  readonly lines: string[]
  /** Resolves with the first output line matching, or rejects when the process exits first or time runs out. */
  waitForLine(match: (line: string) => boolean, timeoutMs?: number): Promise<string>
  /** Resolves with the exit code. */
  exited: Promise<number | null>
}

/** Starts test/fixtures/worker.ts as a real Node process, running the TypeScript sources through tsx. */
export function startWorker(...args: string[]): Worker {
  const child = spawn(process.execPath, ['--conditions=callhook-source', '--import', 'tsx', worker, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: process.env })
  const lines: string[] = []
  const waiters = new Set<() => void>()
  let stderr = ''
  let buffer = ''
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString()
    const parts = buffer.split('\n')
    buffer = parts.pop()!
    lines.push(...parts)
    for (const wake of waiters) wake()
  })
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => {
    for (const wake of waiters) wake()
    resolve(code)
  }))
  return {
    process: child,
    lines,
    exited,
    waitForLine(match, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`no matching line within ${timeoutMs} ms; output: ${lines.join(' | ')}; stderr: ${stderr}`)), timeoutMs)
        const done = (error?: Error, line?: string) => {
          clearTimeout(timer)
          waiters.delete(check)
          if (error) reject(error)
          else resolve(line!)
        }
        const check = () => {
          const line = lines.find(match)
          if (line !== undefined) done(undefined, line)
          else if (child.exitCode !== null || child.signalCode !== null) done(new Error(`worker exited (${child.exitCode ?? child.signalCode}) first; stderr: ${stderr}`))
        }
        waiters.add(check)
        check()
      })
    },
  }
}
