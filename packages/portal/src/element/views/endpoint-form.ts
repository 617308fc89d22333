import { html, nothing } from 'lit'
import { ApiError, type FieldError } from '../api-client.js'
import type { PortalHost, View } from '../host.js'
import type { Endpoint, EventType } from '../types.js'
import { deliverySection, filtersSection, formatSection } from './form-advanced.js'
import { errorsFor, fieldErrors, textField } from './form-fields.js'
import { bodyFromForm, emptyForm, formFromEndpoint, type FormState } from './form-state.js'
import { requestPreview } from './request-preview.js'
import { eventDescription } from './event-description.js'

/** The API field each form field writes (filters are nested). */
const API_FIELD: Record<string, string> = {
  templateBody: 'template', templateContentType: 'template', authType: 'auth', username: 'auth', password: 'auth', token: 'auth',
  trackingNumbers: 'filters.trackingNumbers', users: 'filters.users', accounts: 'filters.accounts', sources: 'filters.sources', tags: 'filters.tags',
  statuses: 'filters.statuses', minDurationSec: 'filters.minDurationSec', maxDurationSec: 'filters.maxDurationSec', minTalkTimeSec: 'filters.minTalkTimeSec',
}

/** Screen 2: create or edit an endpoint; the server's field errors appear beside their fields. */
export class EndpointFormView implements View {
  readonly #host: PortalHost
  readonly #id: string | null
  #state: FormState = emptyForm()
  #types: EventType[] = []
  #errors: FieldError[] = []
  #problem = ''
  #saving = false
  #loading = true

  constructor(host: PortalHost, id: string | null) {
    this.#host = host
    this.#id = id
  }

  async load(): Promise<void> {
    try {
      const [types, endpoint] = await Promise.all([
        this.#host.eventTypes(),
        this.#id ? this.#host.api.get<Endpoint>(`/endpoints/${encodeURIComponent(this.#id)}`) : Promise.resolve(null),
      ])
      this.#types = types
      if (endpoint) this.#state = formFromEndpoint(endpoint)
    } catch (error) {
      this.#problem = error instanceof Error ? error.message : String(error)
    }
    this.#loading = false
    this.#host.requestUpdate()
  }

  #set = (patch: Partial<FormState>) => {
    this.#state = { ...this.#state, ...patch }
    // an edited field's server errors are stale: drop them
    const edited = Object.keys(patch).map((key) => API_FIELD[key] ?? key)
    this.#errors = this.#errors.filter((e) => errorsFor([e], ...edited).length === 0)
    this.#host.requestUpdate()
  }

  #toggleEvent(type: string, on: boolean) {
    const events = this.#state.events.filter((e) => e !== type)
    this.#set({ events: on ? (type === '*' ? ['*'] : [...events.filter((e) => e !== '*'), type]) : events })
  }

  async #save(event: Event): Promise<void> {
    event.preventDefault()
    this.#saving = true
    this.#host.requestUpdate()
    const body = bodyFromForm(this.#state, this.#id !== null)
    try {
      const saved = this.#id
        ? await this.#host.api.patch<Endpoint>(`/endpoints/${encodeURIComponent(this.#id)}`, body)
        : await this.#host.api.post<Endpoint>('/endpoints', body)
      this.#host.announce(this.#host.t('saved', { title: saved.title }))
      this.#host.go({ view: 'endpoint', id: saved.id })
    } catch (error) {
      this.#errors = error instanceof ApiError ? error.errors : []
      this.#problem = error instanceof ApiError && error.code === 'validation_failed' ? this.#host.t('formInvalid') : error instanceof Error ? error.message : String(error)
      this.#saving = false
      this.#host.requestUpdate()
      await this.#focusFirstInvalid()
    }
  }

  async #focusFirstInvalid(): Promise<void> {
    await new Promise((resolve) => requestAnimationFrame(resolve))
    const root = (this.#host as unknown as HTMLElement).shadowRoot
    const target = root?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? root?.querySelector<HTMLElement>('#form-problem')
    target?.focus()
  }

  render() {
    const t = this.#host.t.bind(this.#host)
    const s = this.#state
    const errors = this.#errors
    const known = ['url', 'title', 'description', 'events', 'format', 'preset', 'method', 'template', 'resourceUrl', 'filters', 'headers', 'auth', 'retry', 'rateLimitPerSecond', 'timeoutMs', 'signature', 'timezone', 'ordered']
    const unplaced = errors.filter((e) => !known.some((k) => errorsFor([e], k).length))
    const cancel = () => this.#host.go(this.#id ? { view: 'endpoint', id: this.#id } : { view: 'endpoints' })
    return html`
      <section part="card" class="card" aria-labelledby="form-title">
        <h2 id=${this.#loading ? nothing : 'form-title'} tabindex="-1">${this.#id ? t('editEndpoint') : t('newEndpoint')}</h2>
        ${this.#problem ? html`<div id="form-problem" tabindex="-1" class="error" role="alert">${this.#problem}${unplaced.length ? html`<ul>${unplaced.map((e) => html`<li>${e.field}: ${e.message}</li>`)}</ul>` : nothing}</div>` : nothing}
        ${this.#loading ? html`<p class="muted">${t('loading')}</p>` : html`
        <form novalidate @submit=${(e: Event) => this.#save(e)}>
          <div class="grid2">
            <div>
              ${textField({ id: 'f-url', label: t('url'), value: s.url, type: 'url', required: true, placeholder: 'https://crm.example.com/hooks/calls', errors: errorsFor(errors, 'url'), hint: t('urlHint'), onInput: (url) => this.#set({ url }) })}
              ${textField({ id: 'f-title', label: t('title'), value: s.title, errors: errorsFor(errors, 'title'), hint: t('titleHint'), onInput: (title) => this.#set({ title }) })}
              ${textField({ id: 'f-description', label: t('description'), value: s.description, multiline: true, rows: 2, errors: errorsFor(errors, 'description'), onInput: (description) => this.#set({ description }) })}
            </div>
            <div>${requestPreview(this.#host, s, this.#types)}</div>
          </div>
          <fieldset>
            <legend>${t('eventsLegend')}</legend>
            <p class="hint">${t('eventsHint')}</p>
            <div class="checks">
              <label><input type="checkbox" .checked=${s.events.includes('*') || s.events.length === 0} @change=${(e: Event) => this.#toggleEvent('*', (e.target as HTMLInputElement).checked)}>${t('allEvents')}</label>
              ${this.#types.map((type, i) => html`
                <div>
                  <label><input type="checkbox" aria-describedby="ev-${i}" .checked=${s.events.includes(type.type)} @change=${(e: Event) => this.#toggleEvent(type.type, (e.target as HTMLInputElement).checked)}><span class="mono">${type.type}</span></label>
                  <div id="ev-${i}" class="hint">${eventDescription(this.#host, type)}</div>
                </div>`)}
            </div>
            ${fieldErrors('f-events', errorsFor(errors, 'events'))}
          </fieldset>
          ${formatSection(this.#host, s, errors, this.#set)}
          ${filtersSection(this.#host, s, errors, this.#set)}
          ${deliverySection(this.#host, s, errors, this.#set)}
          <div class="row">
            <button type="submit" class="primary" part="button button-primary" ?disabled=${this.#saving}>${t('save')}</button>
            <button type="button" part="button" @click=${cancel}>${t('cancel')}</button>
          </div>
        </form>`}
      </section>
    `
  }
}
