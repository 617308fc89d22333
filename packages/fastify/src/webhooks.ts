import { defaultWebhooks, normaliseMountPath, pathUnderMount, type VerifiedWebhook, type Webhooks, type WebhooksOptions } from '@callhook/core'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { installRawBodyCapture } from './raw-body-capture.js'
import { sendResponse } from './send-response.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The callhook instance: `app.webhooks.emit(...)`, `app.webhooks.endpoints`, `close()`… */
    webhooks: Webhooks
  }
  interface FastifyRequest {
    /** The verified, parsed webhook (the JSON event, or the form fields), set by verifyWebhook. */
    webhook?: unknown
    /** How it was verified: scheme, webhook-id, timestamp, which secret matched. */
    webhookVerification?: Omit<VerifiedWebhook, 'event'>
  }
}

export interface FastifyWebhooksOptions extends WebhooksOptions {
  /**
   * Where the REST API is served (a fastify-plugin plugin gets no `prefix`; this is it).
   * @default '/webhooks'
   */
  path?: string
  /**
   * The callhook instance to serve. Core options (store, retry…) given here configure the default
   * instance instead, the one the module-level `emit()` uses.
   * @default the default instance
   */
  hooks?: Webhooks
  /**
   * The tenant (account) of a request; every route is scoped to it. Returning nothing answers 401.
   * @default undefined (no tenancy)
   */
  tenant?: (request: FastifyRequest) => string | null | undefined | Promise<string | null | undefined>
}

const callhookWebhooks: FastifyPluginAsync<FastifyWebhooksOptions> = async function callhookWebhooks(fastify, options) {
  const { path = '/webhooks', hooks: given, tenant, ...coreOptions } = options
  const hooks = given ?? defaultWebhooks(Object.keys(coreOptions).length > 0 ? coreOptions : undefined)
  const mount = normaliseMountPath(path)
  fastify.decorate('webhooks', hooks)
  installRawBodyCapture(fastify)

  // The REST API lives in its own encapsulated context: there, and only there, bodies reach the
  // core as raw streams, so the host's JSON parser elsewhere is untouched.
  await fastify.register(async function callhookRestApi(api) {
    api.removeAllContentTypeParsers()
    api.addContentTypeParser('*', function keepRawStream(_request, payload, done) {
      done(null, payload)
    })
    async function handle(request: FastifyRequest, reply: FastifyReply) {
      const response = await hooks.handleRequest({
        method: request.method,
        path: pathUnderMount(request.url, mount) ?? '/',
        query: request.query as Record<string, unknown>,
        headers: request.headers,
        body: request.body ?? request.raw,
        tenant: tenant ? ((await tenant(request)) ?? null) : undefined,
      })
      return sendResponse(reply, response)
    }
    api.all('/', handle)
    api.all('/*', handle)
  }, { prefix: mount })
}

/** The callhook REST API as a Fastify plugin: `app.register(webhooks, { path? , ...options })`. */
export const webhooks = fp(callhookWebhooks, { fastify: '5.x', name: '@callhook/fastify' })

/** For apps that only receive webhooks: keeps raw bodies for routes using verifyWebhook. */
export const webhookReceiver = fp(async function callhookWebhookReceiver(fastify) {
  installRawBodyCapture(fastify)
}, { fastify: '5.x', name: '@callhook/fastify/receiver' })
