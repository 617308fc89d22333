import type { AccountGate } from './accounts/account-gate.js'
import type { AddressPolicy } from './delivery/address-guard.js'
import type { Dispatcher } from './delivery/dispatcher.js'
import type { OperationalEvents } from './events/operational-emitter.js'
import type { EventRegistry } from './events/registry.js'
import type { Store } from './store/types.js'
import type { Telemetry } from './telemetry/telemetry.js'

/** Who is asking: with an accountId, only that tenant's records exist. */
export interface Scope {
  accountId?: string | undefined
}

/** What the services of one instance share. */
export interface CoreContext {
  readonly store: Store
  readonly registry: EventRegistry
  readonly dispatcher: Dispatcher
  readonly rotationGraceSeconds: number
  /** How long an emit's idempotency key stays taken. */
  readonly idempotencyWindowSeconds: number
  readonly addressPolicy: AddressPolicy
  /** Emits callhook's operational events (endpoint:secret-rotated from the endpoint service). */
  readonly operational?: OperationalEvents | undefined
  readonly telemetry: Telemetry
  /** Whether an account's endpoints may get deliveries (the account-wide switch). */
  readonly accounts: AccountGate
  /** Resolves once the store is ready; rejects after close(). */
  ready(): Promise<void>
}

/** True when a record belongs to the scope's tenant (or no tenant is set). */
export function inScope(scope: Scope | undefined, accountId: string | null): boolean {
  return scope?.accountId === undefined || scope.accountId === accountId
}
