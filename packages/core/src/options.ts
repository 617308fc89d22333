import { resolveTrustedOrigins } from './api/cross-origin.js'
import ipaddr from 'ipaddr.js'
import { CallhookError } from './errors.js'
import type { DeliveryFailedInfo } from './delivery/deliver-once.js'
import { DEFAULT_RETRY_DELAYS_SECONDS } from './delivery/retry-policy.js'
import type { EventTypeDefinition } from './events/catalogue.js'
import type { EndpointDisabledInfo, EndpointRecoveredInfo } from './events/operational-emitter.js'
import type { Store } from './store/types.js'
import { Log, type Logger, type LoggerStyle, type StructuredLogger } from './telemetry/log.js'
import type { TelemetryOptions } from './telemetry/telemetry.js'

export type { Logger, LoggerStyle, StructuredLogger } from './telemetry/log.js'

export interface WebhooksOptions {
  /**
   * Where endpoints, events, deliveries and attempts live.
   * @default a MemoryStore (with a one-time warning: nothing survives a restart)
   */
  store?: Store
  /**
   * Allow destinations on loopback, private, link-local and other non-public addresses.
   * @default false
   */
  allowPrivateNetworks?: boolean
  /**
   * Networks allowed although not public, as CIDRs (`['10.20.0.0/16', 'fd00:1::/64']`): your own
   * internal receivers, without opening every private address.
   * @default []
   */
  allowedNetworks?: string[]
  retry?: {
    /** @default [5, 300, 1800, 7200, 18000, 36000, 36000] (Svix's schedule) */
    delaysSeconds?: number[]
    /** ±fraction applied to every delay. @default 0.2 */
    jitter?: number
    /** Retry-After (429/503) is honoured up to this long. @default 86400 */
    maxRetryAfterSeconds?: number
  }
  /** Per-request deadline, response body included. @default 15000 */
  timeoutMs?: number
  /** @default 10000 */
  connectTimeoutMs?: number
  concurrency?: {
    /** Requests in flight to one endpoint at once (on PostgreSQL, for the cluster: leases, which last until the attempt is logged). @default 5 */
    perEndpoint?: number
    /** Requests in flight in this process (a place is free when its exchange ends; requests plus attempts still being logged or in their failure hooks: twice this at most). @default 100 */
    total?: number
  }
  /**
   * Stop sending to an endpoint that fails everything: after `failureThreshold` failed attempts in
   * a row it gets none for `cooldownSeconds`, then one probe (doubling the cooldown on failure, up
   * to `maxCooldownSeconds`). Per process, or shared by every process on a store that shares limits
   * (PostgreSQL). `false` turns it off.
   * @default { failureThreshold: 10, cooldownSeconds: 30, maxCooldownSeconds: 600 }
   */
  circuitBreaker?: false | { failureThreshold?: number; cooldownSeconds?: number; maxCooldownSeconds?: number }
  /** An endpoint that has failed every delivery for this long is disabled. @default 5 */
  disableAfterFailingDays?: number
  /** How long a rotated secret keeps signing. @default 86400 (24 h) */
  rotationGraceSeconds?: number
  /**
   * How long an emit's `idempotencyKey` stays taken: within it the same key (per tenant) answers
   * the first event again; after it the key may be used for a new event (and retention deletes it).
   * @default 86400 (24 h)
   */
  idempotencyWindowSeconds?: number
  /** The largest REST request body accepted (413 beyond). @default 1048576 (1 MiB) */
  bodyLimitBytes?: number
  /**
   * Origins (`https://admin.example.com`) whose cross-site browser requests may change webhooks
   * through the REST API; any other cross-site POST, PATCH, PUT or DELETE is refused with 403
   * `cross_origin_request`. Requests without `Sec-Fetch-Site`/`Origin` (curl, servers) are not affected.
   * @default []
   */
  trustedOrigins?: readonly string[]
  /**
   * The portal (`GET {path}/portal` and its assets). `false`: those routes answer 404.
   * `linkSecret` signs portal links (`hooks.portal.link()`): at least 32 bytes, the same in every
   * process; without it a random key is made and links work only in this process.
   * @default {} (served; links signed with a per-process key)
   */
  portal?: false | { linkSecret?: string | Buffer }
  /** The host's own event types, each with a zod schema. @default {} */
  eventTypes?: Record<string, EventTypeDefinition>
  /**
   * Called when a delivery has used up its retries (the `delivery:failed` operational event is
   * emitted too, except for deliveries of operational events).
   * @default undefined
   */
  onDeliveryFailed?: (info: DeliveryFailedInfo) => void | Promise<void>
  /**
   * Called when callhook disables an endpoint (410 Gone, or `disableAfterFailingDays` of failures),
   * once per disabling, in the process that stored the `endpoint:disabled` event.
   * @default undefined
   */
  onEndpointDisabled?: (info: EndpointDisabledInfo) => void | Promise<void>
  /**
   * Called when an endpoint whose circuit breaker opened succeeds again, once per failure run,
   * in the process that stored the `endpoint:recovered` event.
   * @default undefined
   */
  onEndpointRecovered?: (info: EndpointRecoveredInfo) => void | Promise<void>
  /**
   * Where callhook logs: console-like (`warn(message)`, `error(message, error)`) or pino-like
   * (`warn(object, message)`). Lines about a delivery carry `eventId`, `deliveryId`, `endpointId`,
   * `attempt`; never a secret, a signature or a body.
   * @default console
   */
  logger?: Logger | StructuredLogger
  /**
   * How to call `logger`: `structured` = `(fields, message)`, `console` = `(message, error)`.
   * @default 'structured' for a logger with `child()` and `bindings()` functions (pino), else 'console'
   */
  loggerStyle?: LoggerStyle
  /** OpenTelemetry traces and metrics (through `@opentelemetry/api`; no-ops until the host registers an SDK). @default {} */
  telemetry?: TelemetryOptions
  /** Fallback poll for due work, in ms. @default 5000 */
  pollIntervalMs?: number
  /** How long a claimed delivery is reserved for this process, in ms. @default 150000 */
  leaseMs?: number
  /**
   * Send deliveries from this process. Set false in processes that only emit and serve the API
   * while other processes (sharing a PostgreSQL store) deliver.
   * @default true
   */
  dispatch?: boolean
  retention?: {
    /** Events and attempts older than this are deleted (events with a pending delivery are kept). @default 30 */
    maxAgeDays?: number
    /** How often the clean-up runs, in ms. @default 3600000 (1 h) */
    intervalMs?: number
    /** Rows deleted per statement. @default 500 */
    batchSize?: number
  }
}

export interface ResolvedWebhooksOptions {
  readonly allowPrivateNetworks: boolean
  readonly allowedNetworks: readonly string[]
  readonly retryDelaysSeconds: readonly number[]
  readonly jitter: number
  readonly maxRetryAfterMs: number
  readonly timeoutMs: number
  readonly connectTimeoutMs: number
  readonly perEndpointConcurrency: number
  readonly totalConcurrency: number
  readonly disableAfterMs: number
  readonly circuitBreaker: { readonly failureThreshold: number; readonly cooldownMs: number; readonly maxCooldownMs: number } | null
  readonly rotationGraceSeconds: number
  readonly idempotencyWindowSeconds: number
  readonly bodyLimitBytes: number
  readonly trustedOrigins: ReadonlySet<string>
  /** Whether `{path}/portal` is served (the link key is kept out of the options). */
  readonly portal: boolean
  readonly pollIntervalMs: number
  readonly leaseMs: number
  readonly dispatch: boolean
  readonly retention: { readonly maxAgeMs: number; readonly intervalMs: number; readonly batchSize: number }
  readonly logger: Log
}

/** Validates the options once; a bad value throws at setup with the field named. */
export function resolveOptions(options: WebhooksOptions): ResolvedWebhooksOptions {
  const problems: string[] = []
  const num = (name: string, value: number | undefined, fallback: number, min: number, max: number): number => {
    const v = value ?? fallback
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) problems.push(`${name} must be a number from ${min} to ${max} (got ${String(value)})`)
    return v
  }
  const delays = options.retry?.delaysSeconds ?? DEFAULT_RETRY_DELAYS_SECONDS
  if (!Array.isArray(delays) || delays.some((d) => typeof d !== 'number' || !(d >= 0))) problems.push('retry.delaysSeconds must be an array of numbers >= 0')
  const resolved: ResolvedWebhooksOptions = {
    allowPrivateNetworks: options.allowPrivateNetworks ?? false,
    allowedNetworks: [...(options.allowedNetworks ?? [])],
    retryDelaysSeconds: [...delays],
    jitter: num('retry.jitter', options.retry?.jitter, 0.2, 0, 1),
    maxRetryAfterMs: num('retry.maxRetryAfterSeconds', options.retry?.maxRetryAfterSeconds, 86400, 0, 7 * 86400) * 1000,
    timeoutMs: num('timeoutMs', options.timeoutMs, 15_000, 1, 600_000),
    connectTimeoutMs: num('connectTimeoutMs', options.connectTimeoutMs, 10_000, 1, 600_000),
    perEndpointConcurrency: num('concurrency.perEndpoint', options.concurrency?.perEndpoint, 5, 1, 1000),
    totalConcurrency: num('concurrency.total', options.concurrency?.total, 100, 1, 10_000),
    disableAfterMs: num('disableAfterFailingDays', options.disableAfterFailingDays, 5, 0, 365) * 86_400_000,
    circuitBreaker: options.circuitBreaker === false ? null : {
      failureThreshold: num('circuitBreaker.failureThreshold', options.circuitBreaker?.failureThreshold, 10, 1, 10_000),
      cooldownMs: num('circuitBreaker.cooldownSeconds', options.circuitBreaker?.cooldownSeconds, 30, 0.01, 86_400) * 1000,
      maxCooldownMs: num('circuitBreaker.maxCooldownSeconds', options.circuitBreaker?.maxCooldownSeconds, 600, 0.01, 86_400) * 1000,
    },
    rotationGraceSeconds: num('rotationGraceSeconds', options.rotationGraceSeconds, 86400, 0, 30 * 86400),
    idempotencyWindowSeconds: num('idempotencyWindowSeconds', options.idempotencyWindowSeconds, 86400, 1, 30 * 86400),
    bodyLimitBytes: num('bodyLimitBytes', options.bodyLimitBytes, 1024 * 1024, 1, 1024 * 1024 * 1024),
    trustedOrigins: resolveTrustedOrigins(options.trustedOrigins, problems),
    portal: resolvePortal(options.portal, problems),
    pollIntervalMs: num('pollIntervalMs', options.pollIntervalMs, 5000, 10, 3_600_000),
    leaseMs: num('leaseMs', options.leaseMs, 150_000, 500, 3_600_000),
    dispatch: options.dispatch ?? true,
    retention: {
      maxAgeMs: num('retention.maxAgeDays', options.retention?.maxAgeDays, 30, 0.0001, 36_500) * 86_400_000,
      intervalMs: num('retention.intervalMs', options.retention?.intervalMs, 3_600_000, 100, 7 * 86_400_000),
      batchSize: num('retention.batchSize', options.retention?.batchSize, 500, 1, 100_000),
    },
    logger: new Log(options.logger ?? console, options.loggerStyle),
  }
  if (options.loggerStyle !== undefined && options.loggerStyle !== 'structured' && options.loggerStyle !== 'console') problems.push(`loggerStyle must be 'structured' or 'console' (got ${String(options.loggerStyle)})`)
  for (const cidr of resolved.allowedNetworks) {
    try {
      ipaddr.parseCIDR(cidr)
    } catch {
      problems.push(`allowedNetworks: "${cidr}" is not a CIDR such as 10.0.0.0/8`)
    }
  }
  if (problems.length) throw new CallhookError('misconfigured', `callhook: invalid options: ${problems.join('; ')}`)
  return Object.freeze(resolved)
}

function resolvePortal(portal: WebhooksOptions['portal'], problems: string[]): boolean {
  if (portal === undefined || portal === false) return portal === undefined
  if (typeof portal !== 'object' || portal === null) {
    problems.push('portal must be false or an object such as { linkSecret }')
    return true
  }
  const secret = portal.linkSecret
  if (secret !== undefined && !((typeof secret === 'string' || Buffer.isBuffer(secret)) && Buffer.byteLength(secret) >= 32)) {
    problems.push('portal.linkSecret must be a string or Buffer of at least 32 bytes (e.g. 32 random bytes, hex-encoded)')
  }
  return true
}
