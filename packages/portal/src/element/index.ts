import { CallhookPortal } from './callhook-portal.js'

export { CallhookPortal }

if (!customElements.get('callhook-portal')) customElements.define('callhook-portal', CallhookPortal)

declare global {
  interface HTMLElementTagNameMap {
    'callhook-portal': CallhookPortal
  }
}
