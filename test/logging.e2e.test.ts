import { Writable } from 'node:stream'
import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { createWebhooks, CallhookError, MemoryStore } from '@callhook/core'
import { startTestReceiver } from '@callhook/core/testing'
import { closeAfterEach } from './helpers/cleanup.js'

const cleanup = closeAfterEach()

/** A real pino logger writing JSON lines into an array. */
function pinoLines() {
  const raw: string[] = []
  const stream = new Writable({ write(chunk: Buffer, _encoding, done) {
    raw.push(...chunk.toString().split('\n').filter(Boolean))
    done()
  } })
  const logger = pino({ level: 'debug' }, stream)
  return { logger, raw, get lines(): Array<Record<string, any>> { return raw.map((l) => JSON.parse(l)) } }
}
async function until(ok: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!ok()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('structured logs', () => {
  it('with pino, a line about a delivery is (fields, message) with eventId, deliveryId, endpointId, attempt; no secret, signature or body in any line', async () => {
    const log = pinoLines()
    const receiver = await startTestReceiver({ status: 500, body: 'receiver-said-no' })
    const hooks = createWebhooks({
      allowPrivateNetworks: true, logger: log.logger, retry: { delaysSeconds: [] },
      onDeliveryFailed: () => { throw new Error('the host hook broke') },
    })
    cleanup.push(() => receiver.close(), () => hooks.close())
    const endpoint = await hooks.endpoints.create({ url: receiver.url })
    const rotated = await hooks.endpoints.rotateSecret(endpoint.id, {})
    const { eventId } = await hooks.emit('call:completed', { id: 'c1', callerNumber: '+33611223344-body-marker' })
    const [request] = await receiver.waitFor(1)
    await until(() => log.raw.some((l) => l.includes('onDeliveryFailed threw')))
    await hooks.endpoints.test(endpoint.id, {})

    const line = log.lines.find((l) => l.msg === 'callhook: onDeliveryFailed threw')!
    const [delivery] = (await hooks.events.get(eventId)).deliveries
    expect(line).toMatchObject({ level: 50, eventId, deliveryId: delivery!.id, endpointId: endpoint.id, attempt: 1, err: { message: 'the host hook broke' } })
    const everything = log.raw.join('\n')
    for (const secret of [endpoint.secret, rotated.secret]) {
      expect(everything).not.toContain(secret)
      expect(everything).not.toContain(secret.slice('whsec_'.length))
    }
    expect(everything).not.toContain(String(request!.headers['webhook-signature']).split(' ')[0]!.slice(3))
    expect(everything).not.toContain('body-marker')
    expect(everything).not.toContain('receiver-said-no')
  })

  it('lines about operational events carry the ids too: a callback that throws, an operational event that cannot be stored', async () => {
    const log = pinoLines()
    const gone = await startTestReceiver({ status: 410 })
    const failing = await startTestReceiver({ status: 500 })
    const store = new MemoryStore()
    const insertEvent = store.insertEvent.bind(store)
    store.insertEvent = async (event, deliveries, options) => {
      if (event.type === 'delivery:failed') throw new Error('disk full')
      return insertEvent(event, deliveries, options)
    }
    const hooks = createWebhooks({
      store, allowPrivateNetworks: true, logger: log.logger, retry: { delaysSeconds: [] },
      onEndpointDisabled: () => { throw new Error('the pager is down') },
    })
    cleanup.push(() => gone.close(), () => failing.close(), () => hooks.close())
    const disabled = await hooks.endpoints.create({ url: gone.url, events: ['call:completed'] })
    const failed = await hooks.endpoints.create({ url: failing.url, events: ['call:missed'] })
    await hooks.emit('call:completed', { id: 'c1' })
    const { eventId } = await hooks.emit('call:missed', { id: 'c2' })
    await until(() => log.lines.some((l) => l.msg === 'callhook: onEndpointDisabled threw') && log.lines.some((l) => l.msg === 'callhook: could not emit delivery:failed' && l.endpointId === failed.id))

    expect(log.lines.find((l) => l.msg === 'callhook: onEndpointDisabled threw')).toMatchObject({ level: 50, endpointId: disabled.id, err: { message: 'the pager is down' } })
    const [delivery] = (await hooks.events.get(eventId)).deliveries
    expect(log.lines.find((l) => l.msg === 'callhook: could not emit delivery:failed' && l.endpointId === failed.id)).toMatchObject({
      level: 50, endpointId: failed.id, eventId, deliveryId: delivery!.id, attempt: 1, err: { message: expect.stringContaining('disk full') },
    })
  })

  it('a console-like logger keeps working: the message first, the ids appended to it, the error second', async () => {
    const errors: unknown[][] = []
    const receiver = await startTestReceiver({ status: 500 })
    const hooks = createWebhooks({
      allowPrivateNetworks: true, logger: { warn() {}, error: (...args: unknown[]) => void errors.push(args) }, retry: { delaysSeconds: [] },
      onDeliveryFailed: () => { throw new Error('boom') },
    })
    cleanup.push(() => receiver.close(), () => hooks.close())
    const endpoint = await hooks.endpoints.create({ url: receiver.url })
    const { eventId } = await hooks.emit('call:completed', { id: 'c1' })
    await until(() => errors.length > 0)
    expect(errors[0]![0]).toMatch(new RegExp(`^callhook: onDeliveryFailed threw \\(eventId=${eventId} deliveryId=dlv_\\w+ endpointId=${endpoint.id} attempt=1\\)$`))
    expect((errors[0]![1] as Error).message).toBe('boom')
  })

  it('loggerStyle overrides the detection, and a bad one is refused at setup', async () => {
    const seen: unknown[][] = []
    const structured = { warn: (...args: unknown[]) => void seen.push(args), error: (...args: unknown[]) => void seen.push(args) }
    const hooks = createWebhooks({ logger: structured, loggerStyle: 'structured' })
    cleanup.push(() => hooks.close())
    hooks.options.logger.error('callhook: something', new Error('x'), { deliveryId: 'dlv_1' })
    expect(seen[0]).toEqual([{ deliveryId: 'dlv_1', err: new Error('x') }, 'callhook: something'])
    expect(() => createWebhooks({ logger: structured, loggerStyle: 'json' as never })).toThrow(CallhookError)
    expect(() => createWebhooks({ logger: structured, loggerStyle: 'json' as never })).toThrow(/loggerStyle must be 'structured' or 'console'/)
  })
})
