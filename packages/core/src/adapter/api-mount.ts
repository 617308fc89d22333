import type { ApiRequest, ApiResponse } from '../api/handle-request.js'
import { normaliseMountPath, pathUnderMount } from '../api/mount.js'
import { defaultWebhooks } from '../default-instance.js'
import type { WebhooksOptions } from '../options.js'
import type { Webhooks } from '../webhooks.js'

type MaybePromise<T> = T | Promise<T>

/** What every adapter's `webhooks(options)` takes; `Req` is the framework's request (or context). */
export interface AdapterOptions<Req> extends WebhooksOptions {
  /**
   * Where the REST API is served, under the app (or router) it is mounted on.
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
   * The tenant (account) of a request: every route is scoped to it, and another tenant's records
   * answer 404. Returning nothing answers 401.
   * @default undefined (no tenancy)
   */
  tenant?: (req: Req) => MaybePromise<string | null | undefined>
}

/** The REST API as an adapter sees it: which paths are its own, and one call to answer them. */
export interface ApiMount<Req> {
  /** The instance served. */
  readonly hooks: Webhooks
  /** The normalised mount path (`/webhooks`; `''` at the root). */
  readonly path: string
  /** The path under the mount (`/webhooks/endpoints?x` -> `/endpoints`), or null when the URL is outside it. */
  match(url: string): string | null
  /** Answers one request: asks `tenant(req)` when set, then the core handler. */
  handle(req: Req, request: Omit<ApiRequest, 'tenant'>): Promise<ApiResponse>
}

/**
 * Resolves an adapter's options once: `hooks`, or else the default instance (configured by the
 * core options given, if any); the mount path; the tenant function.
 */
export function createApiMount<Req>(options: AdapterOptions<Req> = {}): ApiMount<Req> {
  const { path = '/webhooks', hooks: given, tenant, ...coreOptions } = options
  if (typeof path !== 'string') throw new TypeError(`callhook: the \`path\` option must be a string such as '/webhooks', not ${typeof path}`)
  if (tenant !== undefined && typeof tenant !== 'function') throw new TypeError('callhook: the `tenant` option must be a function (req) => tenant id')
  const hooks = given ?? defaultWebhooks(Object.keys(coreOptions).length > 0 ? coreOptions : undefined)
  const mount = normaliseMountPath(path)
  return Object.freeze({
    hooks,
    path: mount,
    match: (url: string) => pathUnderMount(url, mount),
    async handle(req: Req, request: Omit<ApiRequest, 'tenant'>): Promise<ApiResponse> {
      return hooks.handleRequest({ ...request, tenant: tenant ? ((await tenant(req)) ?? null) : undefined })
    },
  })
}
