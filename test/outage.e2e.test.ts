import express from 'express'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { CallhookError, createWebhooks } from '@callhook/core'
import { startTestReceiver } from '@callhook/core/testing'
import { webhooks } from '@callhook/express'
import { PostgresStore } from '@callhook/postgres'
import { api, listen } from './helpers/servers.js'
import { startTcpProxy } from './helpers/tcp-proxy.js'
import { closeAfterEach } from './helpers/cleanup.js'
import { until } from './helpers/until.js'

// A database outage, as an operator would cause it: the connection to PostgreSQL is cut by a TCP
// proxy in between (the server itself keeps running for the other tests).
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const schema = `callhook_outage_${process.pid}_${Date.now().toString(36)}`
const admin = new pg.Pool({ connectionString: databaseUrl, max: 1 })
const cleanup = closeAfterEach()
afterAll(async () => {
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await admin.end()
})

describe('PostgreSQL goes away under a running instance', () => {
  it('does not crash: emits reject with store_unavailable, /health answers 503, the outage is logged once; once back, /health is 200 and nothing emitted before is lost', async () => {
    const proxy = await startTcpProxy(Number(new URL(databaseUrl).port || 5432), new URL(databaseUrl).hostname)
    const viaProxy = new URL(databaseUrl)
    viaProxy.port = String(proxy.port)
    const logged: string[] = []
    const log = (message: string) => void logged.push(message)
    const receiver = await startTestReceiver((_request, index) => ({ status: index === 0 ? 500 : 200 }))
    const hooks = createWebhooks({
      store: new PostgresStore({ connectionString: viaProxy.toString(), schema, poolSize: 3, logError: log }),
      allowPrivateNetworks: true, logger: { warn: log, error: log }, pollIntervalMs: 100, retry: { delaysSeconds: [1, 1, 1], jitter: 0 },
    })
    const app = express()
    app.use(webhooks({ hooks }))
    const server = await listen(app)
    cleanup.push(() => proxy.close(), () => receiver.close(), server.close, () => hooks.close())
    const base = `${server.url}/webhooks`

    expect((await api(base, 'GET', '/health')).json).toEqual({ status: 'ok', store: 'ok', dispatcher: 'running', queue: { depth: 0, oldestAgeSeconds: 0 } })
    await hooks.endpoints.create({ url: receiver.url })
    const before = await hooks.emit('call:completed', { id: 'before' })
    await receiver.waitFor(1) // its first attempt failed (500): a retry is due in 1 s, in the middle of the outage
    await until(() => hooks.events.get(before.eventId), (e) => e.deliveries[0]?.attemptCount === 1)
    proxy.cut()
    const down = await until(() => api(base, 'GET', '/health'), (r) => r.status === 503 && r.json.dispatcher === 'store_unavailable')
    expect(down.status).toBe(503)
    expect(down.json).toEqual({ status: 'unavailable', store: 'unavailable', dispatcher: 'store_unavailable', queue: { depth: null, oldestAgeSeconds: null } })
    const failed = await hooks.emit('call:completed', { id: 'during' }).catch((error: unknown) => error)
    expect(failed).toBeInstanceOf(CallhookError)
    expect(failed).toMatchObject({ code: 'store_unavailable', message: expect.stringContaining('the event was not stored') })
    const overHttp = await api(base, 'POST', '/events', { type: 'call:completed', data: { id: 'during' } })
    expect(overHttp.status).toBe(503)
    expect(overHttp.json.code).toBe('store_unavailable')
    // The dispatcher keeps polling (every 100 ms, backing off), each poll a refused connection:
    // once three more have failed, still one line says so.
    await proxy.refusedAtLeast(proxy.refused + 3)
    expect(logged.filter((line) => line.includes('the store does not answer'))).toHaveLength(1)
    proxy.restore()
    const up = await until(() => api(base, 'GET', '/health'), (r) => r.status === 200 && r.json.dispatcher === 'running')
    expect(up.json).toMatchObject({ status: 'ok', store: 'ok', dispatcher: 'running' })
    await receiver.waitFor(2) // the retry due during the outage went out
    expect(receiver.requests[1]!.headers['webhook-id']).toBe(before.eventId)
    const after = await hooks.emit('call:completed', { id: 'after' })
    await receiver.waitFor(3)
    expect(receiver.requests[2]!.headers['webhook-id']).toBe(after.eventId)
    expect(logged.some((line) => line.includes('the store answers again'))).toBe(true)
  }, 40_000)

  it('a database away while the app starts: the app stays up, emits reject with store_unavailable, /health is 503; when it answers, callhook starts by itself', async () => {
    const proxy = await startTcpProxy(Number(new URL(databaseUrl).port || 5432), new URL(databaseUrl).hostname)
    proxy.cut()
    const viaProxy = new URL(databaseUrl)
    viaProxy.port = String(proxy.port)
    const logged: string[] = []
    const log = (message: string) => void logged.push(message)
    const receiver = await startTestReceiver()
    const hooks = createWebhooks({
      store: new PostgresStore({ connectionString: viaProxy.toString(), schema: `${schema}_boot`, poolSize: 2, logError: log }),
      allowPrivateNetworks: true, logger: { warn: log, error: log }, pollIntervalMs: 100,
    })
    const app = express()
    app.use(webhooks({ hooks }))
    const server = await listen(app)
    // Closers run last pushed first: the schema goes after hooks.close(), which waits for the
    // attempt in flight to be logged (a DROP under a live dispatcher deadlocks with its writes).
    cleanup.push(() => admin.query(`DROP SCHEMA IF EXISTS "${schema}_boot" CASCADE`), () => proxy.close(), () => receiver.close(), server.close, () => hooks.close())
    const base = `${server.url}/webhooks`

    const down = await api(base, 'GET', '/health')
    expect(down.status).toBe(503)
    expect(down.json).toMatchObject({ status: 'unavailable', store: 'unavailable', dispatcher: 'stopped' })
    await expect(hooks.emit('call:completed', { id: 'early' })).rejects.toMatchObject({ code: 'store_unavailable' })
    expect((await api(base, 'POST', '/endpoints', { url: receiver.url })).status).toBe(503)

    proxy.restore()
    const up = await until(() => api(base, 'GET', '/health'), (r) => r.status === 200 && r.json.dispatcher === 'running')
    expect(up.json).toMatchObject({ status: 'ok', store: 'ok', dispatcher: 'running' })
    await hooks.endpoints.create({ url: receiver.url })
    const { eventId } = await hooks.emit('call:completed', { id: 'later' })
    const [request] = await receiver.waitFor(1)
    expect(request!.headers['webhook-id']).toBe(eventId)
    expect(logged.filter((line) => line.includes('failed to initialise'))).toHaveLength(1)
  }, 40_000)
})
