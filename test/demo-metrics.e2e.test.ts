import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))
const tmp = mkdtempSync(join(tmpdir(), 'callhook-demo-'))
const stop: Array<() => void> = []
afterAll(() => {
  for (const s of stop) s()
  rmSync(tmp, { recursive: true, force: true })
})

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

async function until(read: () => Promise<string | null>, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read().catch(() => null)
    if (value !== null) return value
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('the Express demo exposes its metrics', () => {
  it('GET /metrics answers Prometheus text with the delivery and queue metrics; GET /webhooks/health answers 200', async () => {
    const port = await freePort()
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), CALLHOOK_DB: join(tmp, 'demo.db'), LOG_LEVEL: 'warn' }
    delete env.DATABASE_URL
    const demo = spawn(process.execPath, ['--conditions=callhook-source', '--import', 'tsx', 'examples/express/src/server.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    demo.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    demo.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    stop.push(() => demo.kill('SIGKILL'))
    const base = `http://127.0.0.1:${port}`

    const health = JSON.parse(await until(async () => {
      const res = await fetch(`${base}/webhooks/health`)
      return res.status === 200 ? res.text() : null
    }))
    expect(health).toMatchObject({ status: 'ok', store: 'ok', dispatcher: 'running', queue: { depth: expect.any(Number) } })

    expect((await fetch(`${base}/simulate/call`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(202)
    const text = await until(async () => {
      const res = await fetch(`${base}/metrics`)
      const body = await res.text()
      return res.status === 200 && /callhook_delivery_attempts_total\{[^}]*outcome="succeeded"[^}]*\} [1-9]/.test(body) ? body : null
    })
    expect(text).toMatch(/^# TYPE callhook_delivery_attempts_total counter$/m)
    expect(text).toMatch(/^callhook_delivery_duration_seconds_bucket\{[^}]*le="0\.005"[^}]*\} \d+/m)
    expect(text).toMatch(/^callhook_delivery_duration_seconds_count\{[^}]*\} [1-9]/m)
    expect(text).toMatch(/^callhook_queue_depth(\{[^}]*\})? \d+/m)
    expect(text).toMatch(/^callhook_queue_oldest_age_seconds(\{[^}]*\})? [\d.]+/m)
    expect(text).toMatch(/^callhook_events_emitted_total\{[^}]*callhook_event_type="call:completed"[^}]*\} 1/m)
    expect(output).not.toMatch(/Unhandled|TypeError/)
  }, 60_000)
})
