import { AccountGate } from './accounts/account-gate.js'
import { AccountService } from './accounts/account-service.js'
import { handleRequest, type ApiContext } from './api/handle-request.js'
import type { CoreContext } from './context.js'
import { DeliveryService } from './delivery/delivery-service.js'
import { Dispatcher } from './delivery/dispatcher.js'
import { AddressPolicy } from './delivery/address-guard.js'
import { HttpSender } from './delivery/http-sender.js'
import { EndpointService } from './endpoints/endpoint-service.js'
import { CallhookError } from './errors.js'
import { EventService } from './events/event-service.js'
import { OperationalEvents } from './events/operational-emitter.js'
import { EventRegistry } from './events/registry.js'
import { HealthService } from './health/health-service.js'
import { resolveOptions, type WebhooksOptions } from './options.js'
import { createPortal } from './portal/portal-service.js'
import type { Webhooks } from './webhooks-interface.js'
import { MemoryStore } from './store/memory-store.js'
import { startRetention } from './store/retention.js'
import { StoreStartup } from './store/store-startup.js'
import type { Store } from './store/types.js'
import type { LogFields } from './telemetry/log.js'
import { Telemetry } from './telemetry/telemetry.js'

export type { Webhooks } from './webhooks-interface.js'

let warnedMemory = false

/** One callhook instance: its store, dispatcher, services and REST handler. */
export function createWebhooks(options: WebhooksOptions = {}): Webhooks {
  const resolved = resolveOptions(options)
  const store: Store = options.store ?? new MemoryStore()
  if (!options.store && !warnedMemory) {
    warnedMemory = true
    resolved.logger.warn(
      'callhook: using the in-memory store — endpoints and pending deliveries are lost on restart. ' +
        'Pass a durable store: createWebhooks({ store }) / webhooks({ store }) with @callhook/sqlite or @callhook/postgres.',
    )
  }
  const registry = new EventRegistry(options.eventTypes)
  const addressPolicy = new AddressPolicy(resolved.allowPrivateNetworks, resolved.allowedNetworks)
  const sender = new HttpSender({ addressPolicy, connectTimeoutMs: resolved.connectTimeoutMs })
  const logError = (message: string, error?: unknown, fields?: LogFields) => resolved.logger.error(message, error, fields)
  // Operational events go through the event service built below (called only once running).
  const operational = new OperationalEvents((type, data, emitOptions) => eventService.emit(type, data, emitOptions), options, logError)
  const telemetry = new Telemetry(options.telemetry)
  const accounts = new AccountGate(store)
  const dispatcher = new Dispatcher(store, sender, {
    ...resolved,
    onDeliveryFailed: options.onDeliveryFailed,
    operational,
    logError,
    log: resolved.logger,
    telemetry,
    accounts,
  })
  const stopObserving = telemetry.observe({ queue: (now) => store.queueStats(now), circuitsOpen: dispatcher.openCircuits })

  let closed = false
  let stopRetention: (() => Promise<void>) | undefined
  const startup = new StoreStartup(store, () => {
    if (!resolved.dispatch || closed) return
    dispatcher.start()
    stopRetention = startRetention(store, resolved.retention, (message, error) => resolved.logger.error(message, error))
  }, resolved.logger)
  const ctx: CoreContext = {
    store,
    registry,
    dispatcher,
    rotationGraceSeconds: resolved.rotationGraceSeconds,
    idempotencyWindowSeconds: resolved.idempotencyWindowSeconds,
    addressPolicy,
    operational,
    telemetry,
    accounts,
    async ready() {
      if (closed) throw new CallhookError('closed', 'This callhook instance is closed')
      await startup.ready()
    },
  }

  const endpointService = new EndpointService(ctx)
  const deliveryService = new DeliveryService(ctx)
  const eventService = new EventService(ctx)
  const accountService = new AccountService(ctx)
  const health = new HealthService(store, dispatcher, () => ctx.ready())
  const portal = createPortal(options.portal, resolved.logger)
  const api: ApiContext = { services: { endpoints: endpointService, deliveries: deliveryService, events: eventService, eventTypes: registry, health, portal: portal.links, account: accountService }, options: resolved }
  const endpoints = Object.assign(endpointService, {
    deliveries: deliveryService.listForEndpoint.bind(deliveryService),
    replay: deliveryService.replay.bind(deliveryService),
  })

  const hooks: Webhooks = {
    emit: (type, data, emitOptions) => eventService.emit(type, data, emitOptions),
    endpoints,
    deliveries: deliveryService,
    events: eventService,
    eventTypes: registry,
    account: accountService,
    portal: portal.service,
    store,
    options: resolved,
    handleRequest: (request) => handleRequest(api, request),
    async close() {
      if (closed) return
      closed = true
      stopObserving()
      await startup.stop()
      await stopRetention?.()
      await dispatcher.close()
      await sender.close()
      await store.close?.()
    },
  }
  return hooks
}
