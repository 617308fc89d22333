import type { AccountService } from './accounts/account-service.js'
import type { ApiRequest, ApiResponse } from './api/api-types.js'
import type { DeliveryService } from './delivery/delivery-service.js'
import type { EndpointService } from './endpoints/endpoint-service.js'
import type { EmitOptions, EmitResult, EventService } from './events/event-service.js'
import type { EventRegistry } from './events/registry.js'
import type { ResolvedWebhooksOptions } from './options.js'
import type { PortalService } from './portal/portal-service.js'
import type { Store } from './store/types.js'

/** One callhook instance, as createWebhooks returns it. */
export interface Webhooks {
  /** Stores the event and one delivery per matching endpoint, then resolves; sending follows. */
  emit(type: string, data: unknown, options?: EmitOptions): Promise<EmitResult>
  readonly endpoints: EndpointService & {
    deliveries: DeliveryService['listForEndpoint']
    replay: DeliveryService['replay']
  }
  readonly deliveries: Pick<DeliveryService, 'get' | 'redeliver'>
  readonly events: Pick<EventService, 'get' | 'emitRequest'>
  /** The event catalogue; `register()` adds the host's own types. */
  readonly eventTypes: EventRegistry
  /**
   * The account-wide switch: `hooks.account.get(scope?)`, `hooks.account.update({ webhooksEnabled },
   * scope?)`; the scope's tenant, or the instance's one account without tenancy.
   */
  readonly account: AccountService
  /** Portal links: `hooks.portal.link({ accountId, expiresInSeconds, capabilities })`. */
  readonly portal: PortalService
  readonly store: Store
  readonly options: ResolvedWebhooksOptions
  /** The framework-free REST API: adapters call this. */
  handleRequest(request: ApiRequest): Promise<ApiResponse>
  /** Stops taking work, waits for attempts in flight, closes connections and the store. */
  close(): Promise<void>
}
