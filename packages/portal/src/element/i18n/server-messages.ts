import type { MessageKey } from './messages.js'

type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string

/**
 * The shapes of the validation messages callhook's API writes (its own, and zod's), each with the
 * message that says it in the portal's language. `server-words.test.ts` provokes every message the
 * endpoint API gives and fails if one has no shape here.
 */
const shapes: Array<[RegExp, (t: Translate, m: RegExpExecArray) => string]> = [
  [/^Too small: expected string to have >=1 characters$/, (t) => t('errRequired')],
  [/^Too small: expected string to have >=(\d+) characters$/, (t, m) => t('errTooShort', { n: m[1]! })],
  [/^Too big: expected string to have <=(\d+) characters$/, (t, m) => t('errTooLong', { n: m[1]! })],
  [/^Too small: expected array to have >=(\d+) items$/, (t, m) => t('errTooFew', { n: m[1]! })],
  [/^Too big: expected array to have <=(\d+) items$/, (t, m) => t('errTooMany', { n: m[1]! })],
  [/^Too small: expected number to be >=(\S+)$/, (t, m) => t('errMin', { n: m[1]! })],
  [/^Too small: expected number to be >(\S+)$/, (t, m) => t('errAbove', { n: m[1]! })],
  [/^Too big: expected number to be <=(\S+)$/, (t, m) => t('errMax', { n: m[1]! })],
  [/^Too big: expected number to be <(\S+)$/, (t, m) => t('errBelow', { n: m[1]! })],
  [/^Invalid input: expected (\w+), received \w+$/, (t, m) => t('errType', { expected: m[1]! })],
  [/^Invalid option: expected one of (.+)$/, (t, m) => t('errOneOf', { options: m[1]!.replaceAll('|', ', ') })],
  [/^Invalid key in record$/, (t) => t('errHeaderKey')],
  [/^must be an absolute http\(s\) URL/, (t) => t('errUrl')],
  [/^(\S+) is a private or reserved address/, (t, m) => t('errPrivate', { host: m[1]! })],
  [/^"(.+)" is not a registered event type/, (t, m) => t('errUnknownType', { type: m[1]! })],
  [/^must not contain line breaks$/, (t) => t('errLineBreak')],
  [/^must not contain ":"$/, (t) => t('errColon')],
  [/^must be an IANA time zone name/, (t) => t('errTimezone')],
  [/^is not a valid Mustache template: (.*)$/, (t, m) => t('errTemplate', { detail: m[1]! })],
  [/^is required for format "(\w+)"/, (t, m) => t('errNeedsFormat', { format: m[1]! })],
  [/^only applies to format "(\w+)"$/, (t, m) => t('errOnlyFormat', { format: m[1]! })],
  [/^a pixel is sent with GET or POST$/, (t) => t('errPixelMethod')],
  [/^GET is only for format "pixel"/, (t) => t('errGetPixel')],
  [/^the (\w+) preset sends format "(\w+)"$/, (t, m) => t('errPresetFormat', { preset: m[1]!, format: m[2]! })],
  [/^(must be "whsec_" followed by|is not "whsec_" followed by)/, (t) => t('errSecret')],
  [/^is not a known field$/, (t) => t('errUnknownField')],
  [/^is set by callhook and cannot be overridden$/, (t) => t('errReservedHeader')],
  [/^is not a valid header name$/, (t) => t('errHeaderName')],
]

/**
 * A field error's message in the reader's language: English as the server wrote it; in French or
 * Russian, the translation of its shape, or the server's words when it has none (a host's own).
 */
export function fieldErrorText(t: Translate, lang: string, message: string): string {
  if (lang.toLowerCase().startsWith('en')) return message
  for (const [shape, say] of shapes) {
    const match = shape.exec(message)
    if (match) return say(t, match)
  }
  return message
}

/** A problem's code (and, for the one known conflict, its detail) as the message in French or Russian. */
const problems: Record<string, MessageKey> = {
  network: 'problemNetwork', not_found: 'problemNotFound', unauthenticated: 'problemUnauthenticated', invalid_portal_link: 'problemPortalLink',
  read_only_portal_link: 'problemReadOnly', store_unavailable: 'problemUnavailable', closed: 'problemUnavailable', cross_origin_request: 'problemCrossOrigin',
  payload_too_large: 'problemTooLarge', internal: 'problemInternal', validation_failed: 'problemInvalid', invalid_json: 'problemInvalid',
}

/**
 * An API problem (`code`, `detail`) in the reader's language: English as the server wrote it; in
 * French or Russian, the message for its code, or the server's words for a code it does not know.
 */
export function problemText(t: Translate, lang: string, code: string, detail: string): string {
  if (lang.toLowerCase().startsWith('en')) return detail
  if (code === 'conflict' && /^Webhooks are disabled for this account/.test(detail)) return t('problemAccountOff')
  const key = problems[code]
  return key ? t(key, { detail }) : detail
}
