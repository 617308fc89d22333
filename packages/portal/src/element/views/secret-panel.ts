import { html, nothing } from 'lit'
import { copyText, formatDate } from '../format.js'
import type { PortalHost } from '../host.js'

interface SecretAnswer {
  secret: string
  previousSecrets: Array<{ secret: string; expiresAt: string }>
}

const GRACE_HOURS = [0, 1, 24, 72, 168]

/** The signing secret: masked until revealed, copy, rotate with a grace period for the old one. */
export class SecretPanel {
  readonly #host: PortalHost
  readonly #id: string
  #secret: SecretAnswer | null = null
  #shown = false
  #graceHours = 24
  #busy = false
  #error = ''

  constructor(host: PortalHost, id: string) {
    this.#host = host
    this.#id = id
  }

  async #fetch(): Promise<SecretAnswer> {
    this.#secret = await this.#host.api.get<SecretAnswer>(`/endpoints/${encodeURIComponent(this.#id)}/secret`)
    return this.#secret
  }

  async #run(work: () => Promise<void>): Promise<void> {
    this.#busy = true
    this.#error = ''
    this.#host.requestUpdate()
    try {
      await work()
    } catch (error) {
      this.#error = error instanceof Error ? error.message : String(error)
    }
    this.#busy = false
    this.#host.requestUpdate()
  }

  #toggle = () => this.#run(async () => {
    if (!this.#shown) await this.#fetch()
    this.#shown = !this.#shown
  })

  #copy = () => this.#run(async () => {
    const { secret } = this.#secret ?? (await this.#fetch())
    this.#host.announce(this.#host.t((await copyText(secret)) ? 'copied' : 'copyFailed'))
  })

  #rotate = () => this.#run(async () => {
    const answer = await this.#host.api.post<{ secret: string; previousSecretExpiresAt: string }>(`/endpoints/${encodeURIComponent(this.#id)}/secret/rotate`, { graceSeconds: this.#graceHours * 3600 })
    await this.#fetch()
    this.#shown = true
    this.#host.announce(this.#host.t('rotated', { date: formatDate(answer.previousSecretExpiresAt, this.#host.lang) }))
  })

  render() {
    const t = this.#host.t.bind(this.#host)
    const secret = this.#shown && this.#secret ? this.#secret.secret : 'whsec_••••••••••••••••••••••••'
    return html`
      <section class="card" part="card" aria-labelledby="secret-title">
        <h3 id="secret-title">${t('secretTitle')}</h3>
        <p class="hint">${t('secretHint')}</p>
        <div class="row">
          <code class="mono" part="secret" data-testid="secret">${secret}</code>
          <button type="button" part="button" ?disabled=${this.#busy} @click=${this.#toggle}>${this.#shown ? t('hideSecret') : t('revealSecret')}</button>
          <button type="button" part="button" ?disabled=${this.#busy} @click=${this.#copy}>${t('copySecret')}</button>
        </div>
        ${this.#shown && this.#secret?.previousSecrets.length ? html`<ul class="hint">${this.#secret.previousSecrets.map((p) => html`<li>${t('previousSecret', { date: formatDate(p.expiresAt, this.#host.lang) })}</li>`)}</ul>` : nothing}
        <div class="row">
          <label for="grace">${t('gracePeriod')}</label>
          <select id="grace" part="input" @change=${(e: Event) => (this.#graceHours = Number((e.target as HTMLSelectElement).value))}>
            ${GRACE_HOURS.map((h) => html`<option value=${h} ?selected=${h === this.#graceHours}>${h === 0 ? t('graceNone') : t('graceHours', { n: h })}</option>`)}
          </select>
          <button type="button" class="danger" part="button" ?disabled=${this.#busy} @click=${this.#rotate}>${t('rotateSecret')}</button>
        </div>
        ${this.#error ? html`<p class="error" role="alert">${this.#error}</p>` : nothing}
      </section>
    `
  }
}
