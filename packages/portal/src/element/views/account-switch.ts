import { html, nothing } from 'lit'
import { ApiError } from '../api-client.js'
import type { PortalHost } from '../host.js'
import type { Account } from '../types.js'

/**
 * The account-wide switch above the endpoint list (seed 004: webhooks are turned on for the whole
 * account). Read-only links see it, disabled. Unknown until `GET /account` answers: not shown.
 */
export class AccountSwitch {
  readonly #host: PortalHost
  #account: Account | null = null
  #saving = false

  constructor(host: PortalHost) {
    this.#host = host
  }

  async load(): Promise<void> {
    try {
      this.#account = await this.#host.api.get<Account>('/account')
    } catch {
      this.#account = null // an API without the route (older server): no switch
    }
    this.#host.requestUpdate()
  }

  async #set(input: HTMLInputElement): Promise<void> {
    const t = this.#host.t.bind(this.#host)
    this.#saving = true
    this.#host.requestUpdate()
    try {
      this.#account = await this.#host.api.patch<Account>('/account', { webhooksEnabled: input.checked })
      this.#host.announce(t(this.#account.webhooksEnabled ? 'accountOn' : 'accountOff'))
    } catch (error) {
      input.checked = this.#account?.webhooksEnabled ?? true
      this.#host.announce(error instanceof ApiError ? error.message : String(error))
    }
    this.#saving = false
    this.#host.requestUpdate()
  }

  render() {
    const account = this.#account
    if (!account) return nothing
    const t = this.#host.t.bind(this.#host)
    return html`
      <div class="field" part="account-switch">
        <label class="switch-label"><input type="checkbox" class="switch" part="switch" id="account-switch" aria-describedby="account-switch-hint" .checked=${account.webhooksEnabled}
          ?disabled=${this.#host.readonly || this.#saving} @change=${(e: Event) => this.#set(e.target as HTMLInputElement)}> ${t('accountSwitch')}</label>
        <span id="account-switch-hint" class="hint">${t('accountSwitchHint')}</span>
        ${account.webhooksEnabled ? nothing : html`<p class="warn" role="note">${t('accountOffBanner')}</p>`}
      </div>
    `
  }
}
