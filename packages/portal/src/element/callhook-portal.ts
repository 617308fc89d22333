import { html, LitElement, nothing, type PropertyValues } from 'lit'
import { ApiClient } from './api-client.js'
import { hashToRoute, routeToHash } from './hash-route.js'
import type { PortalHost, Route, View } from './host.js'
import { fieldErrorText, problemText } from './i18n/server-messages.js'
import { supportedLang, translator, type MessageKey } from './i18n/translate.js'
import { portalStyles } from './styles.js'
import type { EventType } from './types.js'
import { DeliveryDetailView } from './views/delivery-detail.js'
import { EndpointDetailView } from './views/endpoint-detail.js'
import { EndpointFormView } from './views/endpoint-form.js'
import { EndpointListView } from './views/endpoint-list.js'
import { EventCatalogueView } from './views/event-catalogue.js'

/**
 * `<callhook-portal api="/webhooks" lang="en" theme="dark">`: the webhooks panel, talking only to
 * the callhook REST API at `api` (same-origin cookies). Works in any page or framework.
 */
export class CallhookPortal extends LitElement implements PortalHost {
  static override styles = portalStyles
  static override properties = {
    apiBase: { attribute: 'api' },
    token: {},
    readonly: { type: Boolean },
    routing: {},
    lang: { reflect: true },
    theme: { reflect: true },
    route: { state: true },
    notice: { state: true },
  }

  declare apiBase: string
  /** A portal link's token (the page sets it): sent as `Authorization: Bearer` on every API call. */
  declare token: string | undefined
  /** A read-only portal link: manage actions are hidden. */
  declare readonly: boolean
  declare lang: string
  declare theme: string | undefined
  declare route: Route
  declare notice: string
  /** `hash`: the screen lives in location.hash (the standalone page); unset: the element never touches the URL. */
  declare routing: string | undefined
  #view: View | undefined
  #eventTypes: Promise<EventType[]> | undefined
  #api: ApiClient | undefined
  #noticeTimer: ReturnType<typeof setTimeout> | undefined
  #focusHeading = false

  constructor() {
    super()
    this.apiBase = '/webhooks'
    this.readonly = false
    this.lang = 'en'
    this.route = { view: 'endpoints' }
    this.notice = ''
  }

  #onHashChange = () => {
    const route = hashToRoute(location.hash)
    if (route && routeToHash(route) !== routeToHash(this.route)) {
      this.route = route
      this.#focusHeading = true
    }
  }

  override connectedCallback(): void {
    super.connectedCallback()
    if (this.routing === 'hash') {
      window.addEventListener('hashchange', this.#onHashChange)
      this.route = hashToRoute(location.hash) ?? this.route
    }
    // no lang attribute: the page's language, else the browser's
    if (!this.hasAttribute('lang')) this.lang = supportedLang(this.parentElement?.closest('[lang]')?.getAttribute('lang') ?? navigator.language)
    // moved in the DOM (frameworks do): the screen left on disconnect is made again
    if (!this.#view) this.requestUpdate()
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    window.removeEventListener('hashchange', this.#onHashChange)
    this.#view?.dispose?.()
    this.#view = undefined
  }

  get api(): ApiClient {
    if (!this.#api || this.#api.base !== this.apiBase.replace(/\/+$/, '') || this.#api.token !== (this.token || undefined)) {
      const t = this.t.bind(this)
      this.#api = new ApiClient(this.apiBase, this.token, { problem: (code, detail) => problemText(t, this.lang, code, detail), field: (message) => fieldErrorText(t, this.lang, message) })
      this.#eventTypes = undefined
    }
    return this.#api
  }

  t(key: MessageKey, vars?: Record<string, string | number>): string {
    return translator(this.lang)(key, vars)
  }

  go(route: Route): void {
    this.route = route
    this.#focusHeading = true
    if (this.routing === 'hash' && location.hash !== routeToHash(route)) location.hash = routeToHash(route)
  }

  eventTypes(): Promise<EventType[]> {
    this.#eventTypes ??= this.api.get<{ data: EventType[] }>('/event-types').then((r) => r.data, (error: unknown) => {
      this.#eventTypes = undefined
      throw error
    })
    return this.#eventTypes
  }

  announce(message: string): void {
    this.notice = message
    clearTimeout(this.#noticeTimer)
    this.#noticeTimer = setTimeout(() => (this.notice = ''), 6000)
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // a read-only link has no forms: those screens fall back to the list
    if (this.readonly && (this.route.view === 'new' || this.route.view === 'edit')) this.route = { view: 'endpoints' }
    if (changed.has('route') || changed.has('apiBase') || changed.has('token') || changed.has('readonly') || !this.#view) {
      this.#view?.dispose?.()
      this.#view = this.#makeView(this.route)
      void this.#view.load()
    }
  }

  protected override updated(): void {
    if (!this.#focusHeading) return
    // a screen still loading shows a heading without id; focus moves once the real one is there
    const heading = this.renderRoot.querySelector<HTMLElement>('h2[id]')
    if (heading) {
      this.#focusHeading = false
      heading.focus()
    }
  }

  #makeView(route: Route): View {
    switch (route.view) {
      case 'endpoints': return new EndpointListView(this)
      case 'new': return new EndpointFormView(this, null)
      case 'edit': return new EndpointFormView(this, route.id)
      case 'endpoint': return new EndpointDetailView(this, route.id)
      case 'delivery': return new DeliveryDetailView(this, route.id, route.endpointId)
      case 'catalogue': return new EventCatalogueView(this)
    }
  }

  protected override render() {
    const onCatalogue = this.route.view === 'catalogue'
    return html`
      <div lang=${supportedLang(this.lang)}>
        <header part="header">
          <h1>${this.t('appTitle')}</h1>
          <nav part="nav" aria-label=${this.t('navLabel')}>
            <button type="button" aria-current=${onCatalogue ? 'false' : 'page'} @click=${() => this.go({ view: 'endpoints' })}>${this.t('navEndpoints')}</button>
            <button type="button" aria-current=${onCatalogue ? 'page' : 'false'} @click=${() => this.go({ view: 'catalogue' })}>${this.t('navCatalogue')}</button>
          </nav>
        </header>
        <div role="status" aria-live="polite" part="notice" class=${this.notice ? 'toast' : 'sr-only'}>${this.notice || nothing}</div>
        <div part="screen">${this.#view?.render()}</div>
      </div>
    `
  }
}
