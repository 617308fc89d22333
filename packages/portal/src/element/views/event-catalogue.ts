import { html, nothing } from 'lit'
import { examplePayload } from '../example-payload.js'
import type { PortalHost, View } from '../host.js'
import type { EventType } from '../types.js'
import { eventDescription } from './event-description.js'

/** Screen 5: every event type with its description, JSON Schema and an example payload. */
export class EventCatalogueView implements View {
  readonly #host: PortalHost
  #types: EventType[] | null = null
  #error = ''

  constructor(host: PortalHost) {
    this.#host = host
  }

  async load(): Promise<void> {
    try {
      this.#types = await this.#host.eventTypes()
    } catch (error) {
      this.#error = error instanceof Error ? error.message : String(error)
    }
    this.#host.requestUpdate()
  }

  render() {
    const t = this.#host.t.bind(this.#host)
    return html`
      <section class="card" part="card" aria-labelledby="cat-title">
        <h2 id="cat-title" tabindex="-1">${t('catalogueTitle')}</h2>
        <p class="hint">${t('catalogueHint')}</p>
        ${this.#error ? html`<p class="error" role="alert">${this.#error}</p>` : nothing}
        ${this.#types === null && !this.#error ? html`<p class="muted">${t('loading')}</p>` : nothing}
        ${(this.#types ?? []).map((type, i) => html`
          <details class="event-type" part="event-type">
            <summary><h3 id="type-${i}" class="mono">${type.type}</h3> <span class="muted">${eventDescription(this.#host, type)}</span></summary>
            <div class="grid2">
              <div>
                <h4>${t('examplePayload')}</h4>
                <pre part="code" tabindex="0" aria-label=${t('examplePayloadOf', { type: type.type })}>${JSON.stringify(examplePayload(type.schema, type.example), null, 2)}</pre>
              </div>
              <div>
                <h4>${t('jsonSchema')}</h4>
                <pre part="code" tabindex="0" aria-label=${t('jsonSchemaOf', { type: type.type })}>${JSON.stringify(type.schema, null, 2)}</pre>
              </div>
            </div>
          </details>`)}
      </section>
    `
  }
}
