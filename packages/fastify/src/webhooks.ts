import type { Webhooks } from '@callhook/core'
import { createApiMount, type AdapterOptions, type WebhookVerification } from '@callhook/core/adapter'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { installReceiving, sendResponse, type FastifyVerifyOptions } from './verify-webhook.js'

declare module 'fastify' {
  /** `app.webhooks`: the callhook instance (`emit`, `endpoints`, `close()`…). */
  interface FastifyInstance { webhooks: Webhooks }
  /** Set by verifyWebhook: the verified, parsed webhook, and how it was verified (scheme, id, secret). */
  interface FastifyRequest { webhook?: unknown; webhookVerification?: WebhookVerification }
  /** Route `config: { webhook: { secret… } }`: verify this route's incoming webhooks. */
  interface FastifyContextConfig { webhook?: FastifyVerifyOptions }
}

/** `path` (a fastify-plugin plugin gets no `prefix`; this is it), `hooks`, `tenant(request)` and the core options. */
export interface FastifyWebhooksOptions extends AdapterOptions<FastifyRequest> {}

const callhookWebhooks: FastifyPluginAsync<FastifyWebhooksOptions> = async function callhookWebhooks(fastify, options) {
  const api = createApiMount(options)
  fastify.decorate('webhooks', api.hooks)
  installReceiving(fastify)

  // The REST API lives in its own encapsulated context: there, and only there, bodies reach the
  // core as raw streams, so the host's JSON parser elsewhere is untouched.
  await fastify.register(async function callhookRestApi(scope) {
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', function keepRawStream(_request, payload, done) {
      done(null, payload)
    })
    async function handle(request: FastifyRequest, reply: FastifyReply) {
      const path = api.match(request.url) ?? '/'
      const query = request.query as Record<string, unknown>
      return sendResponse(reply, await api.handle(request, { method: request.method, path, query, headers: request.headers, body: request.body ?? request.raw }))
    }
    scope.all('/', handle)
    scope.all('/*', handle)
  }, { prefix: api.path })
}

/** The callhook REST API as a Fastify plugin: `app.register(webhooks, { path? , ...options })`. */
export const webhooks = fp(callhookWebhooks, { fastify: '5.x', name: '@callhook/fastify' })

/** For apps that only receive webhooks: decorates requests and keeps raw bodies for routes that verify them. */
export const webhookReceiver = fp(async function callhookWebhookReceiver(fastify) {
  installReceiving(fastify)
}, { fastify: '5.x', name: '@callhook/fastify/receiver' })
