import { SpanKind } from '@opentelemetry/api'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { createWebhooks } from '@callhook/core'
import { startTestReceiver } from '@callhook/core/testing'
import { PostgresStore } from '@callhook/postgres'
import { testTelemetry } from './helpers/otel.js'
import { startWorker, type Worker } from './helpers/processes.js'

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const schema = `callhook_traces_${process.pid}_${Date.now().toString(36)}`
const admin = new pg.Pool({ connectionString: databaseUrl, max: 1 })
const cleanup: Array<() => Promise<unknown>> = []
afterAll(async () => {
  for (const close of cleanup.reverse()) await close()
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await admin.end()
})

describe('trace context across processes (PostgreSQL)', () => {
  it("the attempt span in the delivering process links to the emit span of the emitting process", async () => {
    const t = testTelemetry()
    const receiver = await startTestReceiver()
    const hooks = createWebhooks({
      store: new PostgresStore({ connectionString: databaseUrl, schema, poolSize: 2 }), allowPrivateNetworks: true,
      logger: { warn() {}, error() {} }, dispatch: false, telemetry: { tracerProvider: t.tracerProvider },
    })
    cleanup.push(() => t.close(), () => receiver.close(), () => hooks.close())
    await hooks.endpoints.create({ url: receiver.url })
    const worker: Worker = startWorker('pg-dispatch-traced', schema)
    cleanup.push(async () => {
      worker.process.kill('SIGTERM')
      await worker.exited
    })
    await worker.waitForLine((line) => line === 'ready')

    const { eventId } = await hooks.emit('call:completed', { id: 'c1' })
    const line = await worker.waitForLine((l) => l.startsWith('span ') && l.includes(eventId))
    const attempt = JSON.parse(line.slice('span '.length)) as { name: string; kind: number; traceId: string; links: Array<{ traceId: string; spanId: string }>; attributes: Record<string, unknown> }
    const emitSpan = t.spans.getFinishedSpans().find((s) => s.kind === SpanKind.PRODUCER)!
    expect(attempt).toMatchObject({ name: 'POST', kind: SpanKind.CLIENT, attributes: { 'callhook.event.id': eventId, 'http.response.status_code': 200, 'callhook.attempt': 1 } })
    expect(attempt.links).toEqual([{ traceId: emitSpan.spanContext().traceId, spanId: emitSpan.spanContext().spanId }])
    expect(attempt.traceId).not.toBe(emitSpan.spanContext().traceId) // its own trace, linked (not a child)
    expect(receiver.requests).toHaveLength(1)
  }, 30_000)
})
