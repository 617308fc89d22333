import type { AddressInfo } from 'node:net'
import { createServer } from 'node:http'
import { listenServer } from './servers.js'
import type { AdapterHarness, Running } from '@callhook/core/testing'
export type { AdapterHarness, Running, ReceiverSetup } from '@callhook/core/testing'
import express from 'express'
import Koa from 'koa'
import { bodyParser as koaBodyParser } from '@koa/bodyparser'
import Fastify from 'fastify'
import * as callhookExpress from '@callhook/express'
import * as callhookKoa from '@callhook/koa'
import * as callhookFastify from '@callhook/fastify'
import * as callhookFetch from '@callhook/fetch'
import { createAdaptorServer } from '@hono/node-server'
import type { Server } from 'node:http'

const tenantOf = (headers: Record<string, unknown>) => (typeof headers['x-tenant'] === 'string' ? headers['x-tenant'] : null)

/** Reads and parses JSON, keeping nothing raw: what a naive body parser does. */
async function consumeJson(stream: NodeJS.ReadableStream): Promise<unknown> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk as Buffer)
  return JSON.parse(Buffer.concat(chunks).toString() || '{}')
}

export const expressHarness: AdapterHarness = {
  name: 'express',
  async startApi(hooks, options = {}) {
    const app = express()
    app.use(callhookExpress.webhooks({ hooks, ...(options.tenantHeader ? { tenant: (req) => tenantOf(req.headers) } : {}) }))
    return listenServer(createServer(app))
  },
  async startReceiver(options, setup = 'plain') {
    const app = express()
    if (setup === 'parser-keeps-raw') app.use(express.raw({ type: '*/*' }))
    if (setup === 'parser-consumed') app.use(express.json())
    app.post('/incoming', callhookExpress.verifyWebhook(options), (req, res) => {
      res.json({ webhook: req.webhook, verification: req.webhookVerification })
    })
    return listenServer(createServer(app))
  },
}

export const koaHarness: AdapterHarness = {
  name: 'koa',
  async startApi(hooks, options = {}) {
    const app = new Koa()
    app.use(callhookKoa.webhooks({ hooks, ...(options.tenantHeader ? { tenant: (ctx) => tenantOf(ctx.headers) } : {}) }))
    return listenServer(createServer(app.callback()))
  },
  async startReceiver(options, setup = 'plain') {
    const app = new Koa()
    if (setup === 'parser-keeps-raw') app.use(koaBodyParser({ enableTypes: ['json', 'form', 'text'] }))
    if (setup === 'parser-consumed') {
      app.use(async (ctx, next) => {
        ;(ctx.request as unknown as { body: unknown }).body = await consumeJson(ctx.req)
        await next()
      })
    }
    const verify = callhookKoa.verifyWebhook(options)
    app.use(async (ctx, next) => {
      if (ctx.method !== 'POST' || ctx.path !== '/incoming') return next()
      await verify(ctx, async () => {
        ctx.body = { webhook: ctx.state.webhook, verification: ctx.state.webhookVerification }
      })
    })
    return listenServer(createServer(app.callback()))
  },
}

async function listenFastify(app: ReturnType<typeof Fastify>): Promise<Running> {
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() }
}

export const fastifyHarness: AdapterHarness = {
  name: 'fastify',
  async startApi(hooks, options = {}) {
    const app = Fastify()
    await app.register(callhookFastify.webhooks, { hooks, ...(options.tenantHeader ? { tenant: (request) => tenantOf(request.headers) } : {}) })
    return listenFastify(app)
  },
  async startReceiver(options, setup = 'plain') {
    const app = Fastify()
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, body))
    const reply = async (request: { webhook?: unknown; webhookVerification?: unknown }) => ({ webhook: request.webhook, verification: request.webhookVerification })
    if (setup === 'parser-consumed') {
      // verifyWebhook added as a context hook, not the route's preHandler: nothing keeps the raw body.
      await app.register(async (scope) => {
        scope.addHook('preHandler', callhookFastify.verifyWebhook(options))
        scope.post('/incoming', reply)
      })
    } else {
      // 'plain' and 'parser-keeps-raw' are the same on Fastify: its parser always runs, the plugin keeps the bytes.
      await app.register(callhookFastify.webhookReceiver)
      app.post('/incoming', { preHandler: callhookFastify.verifyWebhook(options) }, reply)
    }
    return listenFastify(app)
  },
}

/** A fetch handler on a real loopback server (Hono's Node server, global Request and Response left alone). */
function listenFetch(fetch: (request: Request) => Promise<Response>): Promise<Running> {
  return listenServer(createAdaptorServer({ fetch, overrideGlobalObjects: false }) as Server)
}

export const fetchHarness: AdapterHarness = {
  name: 'fetch',
  async startApi(hooks, options = {}) {
    return listenFetch(callhookFetch.webhooks({ hooks, ...(options.tenantHeader ? { tenant: (request) => request.headers.get('x-tenant') } : {}) }))
  },
  async startReceiver(options, setup = 'plain') {
    const receive = callhookFetch.handleWebhook(options, ({ event, ...verification }) => Response.json({ webhook: event, verification }))
    return listenFetch(async (request) => {
      if (request.method !== 'POST' || new URL(request.url).pathname !== '/incoming') return new Response('not found', { status: 404 })
      // A Web-standard "parser that keeps the raw bytes" reads a clone; one that consumed the body read the request itself.
      if (setup === 'parser-keeps-raw') await request.clone().json()
      if (setup === 'parser-consumed') await request.json()
      return receive(request)
    })
  },
}

export const harnesses: AdapterHarness[] = [expressHarness, koaHarness, fastifyHarness, fetchHarness]
