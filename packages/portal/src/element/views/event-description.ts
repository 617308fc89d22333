import { html } from 'lit'
import type { PortalHost } from '../host.js'
import { eventDescriptions } from '../i18n/event-descriptions.js'
import { supportedLang } from '../i18n/translate.js'
import type { EventType } from '../types.js'

/** An event type's description in the reader's language where we have it, `backticks` as code. */
export function eventDescription(host: PortalHost, type: EventType) {
  const lang = supportedLang(host.lang)
  const text = (lang === 'en' ? undefined : eventDescriptions[lang][type.type]) ?? type.description
  return html`${text.split('`').map((part, i) => (i % 2 === 1 ? html`<code>${part}</code>` : part))}`
}
