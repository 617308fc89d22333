import type { VerifyOptions } from '../signing/verify.js'
import type { Webhooks } from '../webhooks.js'

/** A server a harness started on loopback. */
export interface Running {
  /** `http://127.0.0.1:<port>` */
  url: string
  close(): Promise<void>
}

/** How a receiving app is set up around verifyWebhook. */
export type ReceiverSetup =
  | 'plain' // verifyWebhook straight on the route
  | 'parser-keeps-raw' // a body parser that keeps the raw bytes runs first (express.raw, @koa/bodyparser, fastify's route capture, request.clone())
  | 'parser-consumed' // a body parser consumed the body and kept nothing raw

/**
 * What an adapter gives the contract suites: real servers on 127.0.0.1 built with it. A new
 * adapter proves itself by passing `describeRestContract` and `describeVerifierContract` with one.
 */
export interface AdapterHarness {
  /** The adapter's name in test titles: 'express', 'fetch'… */
  name: string
  /** The REST API under /webhooks; with `tenantHeader`, the `x-tenant` header names the tenant (none: 401). */
  startApi(hooks: Webhooks, options?: { tenantHeader?: boolean }): Promise<Running>
  /**
   * POST /incoming behind verifyWebhook(options), set up as `setup` says; answers 200
   * `{ webhook, verification }` (the event, and the rest of what verification returned).
   */
  startReceiver(options: VerifyOptions, setup?: ReceiverSetup): Promise<Running>
}
