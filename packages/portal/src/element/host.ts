import type { TemplateResult } from 'lit'
import type { ApiClient } from './api-client.js'
import type { MessageKey } from './i18n/translate.js'
import type { EventType } from './types.js'

/** Where the portal is: one screen at a time. */
export type Route =
  | { view: 'endpoints' }
  | { view: 'new' }
  | { view: 'edit'; id: string }
  | { view: 'endpoint'; id: string }
  | { view: 'delivery'; id: string; endpointId: string }
  | { view: 'catalogue' }

/** What a screen gets from the element. */
export interface PortalHost {
  readonly api: ApiClient
  readonly lang: string
  /** A read-only portal link: the actions that change anything (and the secret) are not shown. */
  readonly readonly: boolean
  t(key: MessageKey, vars?: Record<string, string | number>): string
  go(route: Route): void
  /** Re-renders after a screen's state changed. */
  requestUpdate(): void
  /** The event catalogue, fetched once. */
  eventTypes(): Promise<EventType[]>
  /** Says something to screen readers (and shows it briefly). */
  announce(message: string): void
}

/** A screen: loads its data, renders from its own state, asks the host to re-render. */
export interface View {
  load(): Promise<void>
  render(): TemplateResult
  /** Stops timers when the screen is left. */
  dispose?(): void
}
