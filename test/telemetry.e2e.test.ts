import { SpanKind, SpanStatusCode } from '@opentelemetry/api'
import { describe, expect, it } from 'vitest'
import { createWebhooks } from '@callhook/core'
import { startTestReceiver } from '@callhook/core/testing'
import { points, testTelemetry, type TestTelemetry } from './helpers/otel.js'
import { quiet, closeAfterEach } from './helpers/cleanup.js'

const cleanup = closeAfterEach()
function telemetry(): TestTelemetry {
  const t = testTelemetry()
  cleanup.push(() => t.close())
  return t
}
async function until(ok: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('OpenTelemetry, with the real SDK and in-memory exporters', () => {
  it('an emit is a producer span; each attempt a client span linked to it, with the HTTP attributes; metrics count the known sequence', async () => {
    const t = telemetry()
    const ok = await startTestReceiver({ status: 204 })
    const failing = await startTestReceiver({ status: 503, body: 'down' })
    const hooks = createWebhooks({
      allowPrivateNetworks: true, logger: quiet, retry: { delaysSeconds: [0.05], jitter: 0 },
      telemetry: { tracerProvider: t.tracerProvider, meterProvider: t.meterProvider },
    })
    cleanup.push(() => ok.close(), () => failing.close(), () => hooks.close())
    const good = await hooks.endpoints.create({ url: `${ok.url}/hooks?token=s3cret` })
    const bad = await hooks.endpoints.create({ url: `${failing.url}/in` })

    const { eventId } = await hooks.emit('call:completed', { id: 'c1' })
    await ok.waitFor(1)
    await failing.waitFor(2) // 503, then the one retry: 503 again, failed for good
    // 2 emits (the event, then the delivery:failed operational event) and 3 attempts
    await until(() => t.spans.getFinishedSpans().length === 5)

    const spans = t.spans.getFinishedSpans()
    const producers = spans.filter((s) => s.kind === SpanKind.PRODUCER)
    expect(producers.map((s) => s.name).sort()).toEqual(['emit call:completed', 'emit delivery:failed'])
    const emitSpan = producers.find((s) => s.name === 'emit call:completed')!
    expect(emitSpan.attributes).toMatchObject({ 'callhook.event.type': 'call:completed', 'callhook.event.id': eventId, 'callhook.deliveries': 2 })
    const attempts = spans.filter((s) => s.kind === SpanKind.CLIENT)
    expect(attempts).toHaveLength(3)
    for (const span of attempts) {
      expect(span.name).toBe('POST')
      expect(span.links.map((l) => l.context.spanId)).toEqual([emitSpan.spanContext().spanId])
      expect(span.links[0]!.context.traceId).toBe(emitSpan.spanContext().traceId)
      expect(span.attributes).toMatchObject({ 'http.request.method': 'POST', 'server.address': '127.0.0.1', 'callhook.event.type': 'call:completed' })
    }
    const success = attempts.find((s) => s.attributes['callhook.endpoint.id'] === good.id)!
    expect(success.attributes).toMatchObject({ 'url.full': `${ok.url}/hooks`, 'http.response.status_code': 204, 'callhook.attempt': 1, 'callhook.outcome': 'succeeded' })
    expect(success.attributes['error.type']).toBeUndefined()
    expect(JSON.stringify(success.attributes)).not.toContain('s3cret')
    const failures = attempts.filter((s) => s.attributes['callhook.endpoint.id'] === bad.id).sort((a, b) => Number(a.attributes['callhook.attempt']) - Number(b.attributes['callhook.attempt']))
    expect(failures.map((s) => [s.attributes['callhook.attempt'], s.attributes['callhook.outcome'], s.attributes['error.type'], s.status.code])).toEqual([
      [1, 'retrying', '503', SpanStatusCode.ERROR],
      [2, 'failed', '503', SpanStatusCode.ERROR],
    ])
    expect(failures[0]!.attributes).toMatchObject({ 'url.full': `${failing.url}/in`, 'http.response.status_code': 503 })
    expect(ok.requests[0]!.headers.traceparent).toBeUndefined() // no trace ids to third parties unless asked

    await until(async () => points((await t.metrics()).get('callhook.delivery.attempts')).length === 3)
    const m = await t.metrics()
    expect(points(m.get('callhook.events.emitted'))).toEqual(expect.arrayContaining([{ attributes: { 'callhook.event.type': 'call:completed' }, value: 1 }, { attributes: { 'callhook.event.type': 'delivery:failed' }, value: 1 }]))
    expect(points(m.get('callhook.events.emitted'))).toHaveLength(2)
    const byOutcome = points(m.get('callhook.delivery.attempts')).map((p) => [p.attributes['callhook.endpoint.id'], p.attributes.outcome, p.attributes.status_class, p.value])
    expect(byOutcome).toEqual(expect.arrayContaining([[good.id, 'succeeded', '2xx', 1], [bad.id, 'retrying', '5xx', 1], [bad.id, 'failed', '5xx', 1]]))
    const durations = points(m.get('callhook.delivery.duration'))
    expect(durations.reduce((n, p) => n + (p.value as { count: number }).count, 0)).toBe(3)
    expect(m.get('callhook.delivery.duration')!.descriptor.unit).toBe('s')
    expect(points(m.get('callhook.queue.depth'))).toEqual([{ attributes: {}, value: 0 }])
    expect(points(m.get('callhook.queue.oldest_age'))).toEqual([{ attributes: {}, value: 0 }])
    expect(points(m.get('callhook.endpoints.circuit_open'))).toEqual([{ attributes: {}, value: 0 }])
  })

  it('the queue gauges answer the backlog: deliveries due and how long the oldest has waited', async () => {
    const t = telemetry()
    const hooks = createWebhooks({ allowPrivateNetworks: true, logger: quiet, dispatch: false, telemetry: { meterProvider: t.meterProvider } })
    cleanup.push(() => hooks.close())
    await hooks.endpoints.create({ url: 'http://127.0.0.1:9/never' })
    await hooks.emit('call:completed', { id: 'a' })
    await hooks.emit('call:completed', { id: 'b' })
    await new Promise((resolve) => setTimeout(resolve, 30))
    const m = await t.metrics()
    expect(points(m.get('callhook.queue.depth'))).toEqual([{ attributes: {}, value: 2 }])
    const [age] = points(m.get('callhook.queue.oldest_age'))
    expect(age!.value).toBeGreaterThanOrEqual(0.03)
    expect(age!.value).toBeLessThan(5)
  })

  it('the circuit_open gauge counts endpoints whose circuit is open', async () => {
    const t = telemetry()
    const failing = await startTestReceiver({ status: 500 })
    const hooks = createWebhooks({
      allowPrivateNetworks: true, logger: quiet, telemetry: { meterProvider: t.meterProvider },
      circuitBreaker: { failureThreshold: 1, cooldownSeconds: 60 }, retry: { delaysSeconds: [60] },
    })
    cleanup.push(() => failing.close(), () => hooks.close())
    await hooks.endpoints.create({ url: failing.url })
    expect(points((await t.metrics()).get('callhook.endpoints.circuit_open'))).toEqual([{ attributes: {}, value: 0 }])
    await hooks.emit('call:completed', { id: 'c1' })
    await failing.waitFor(1)
    await until(async () => points((await t.metrics()).get('callhook.endpoints.circuit_open'))[0]?.value === 1)
  })

  it('an idempotent replay stores no event, so callhook.events.emitted does not count it; its span says it was a replay', async () => {
    const t = telemetry()
    const hooks = createWebhooks({ logger: quiet, dispatch: false, telemetry: { tracerProvider: t.tracerProvider, meterProvider: t.meterProvider } })
    cleanup.push(() => hooks.close())
    const first = await hooks.emit('call:completed', { id: 'c1' }, { idempotencyKey: 'retry-of-c1' })
    const again = await hooks.emit('call:completed', { id: 'c1' }, { idempotencyKey: 'retry-of-c1' })
    expect(again).toEqual({ ...first, replayed: true })
    expect(points((await t.metrics()).get('callhook.events.emitted'))).toEqual([{ attributes: { 'callhook.event.type': 'call:completed' }, value: 1 }])
    expect(t.spans.getFinishedSpans().map((s) => s.attributes['callhook.idempotent_replay'])).toEqual([false, true])
  })

  it('with propagateTraceContext, each request carries the attempt span as traceparent', async () => {
    const t = telemetry()
    const receiver = await startTestReceiver()
    const hooks = createWebhooks({ allowPrivateNetworks: true, logger: quiet, telemetry: { tracerProvider: t.tracerProvider, propagateTraceContext: true } })
    cleanup.push(() => receiver.close(), () => hooks.close())
    await hooks.endpoints.create({ url: receiver.url })
    await hooks.emit('call:completed', { id: 'c1' })
    const [request] = await receiver.waitFor(1)
    await until(() => t.spans.getFinishedSpans().some((s) => s.kind === SpanKind.CLIENT))
    const attempt = t.spans.getFinishedSpans().find((s) => s.kind === SpanKind.CLIENT)!
    expect(request!.headers.traceparent).toBe(`00-${attempt.spanContext().traceId}-${attempt.spanContext().spanId}-01`)
  })

  it('without an SDK it is all no-op: no traceparent is stored or sent', async () => {
    const receiver = await startTestReceiver()
    const hooks = createWebhooks({ allowPrivateNetworks: true, logger: quiet, telemetry: { propagateTraceContext: true } })
    cleanup.push(() => receiver.close(), () => hooks.close())
    await hooks.endpoints.create({ url: receiver.url })
    const { eventId } = await hooks.emit('call:completed', { id: 'c1' })
    const [request] = await receiver.waitFor(1)
    expect(request!.headers.traceparent).toBeUndefined()
    expect((await hooks.store.getEvent(eventId))!.traceparent).toBeUndefined()
  })
})
