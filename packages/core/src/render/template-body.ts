import Mustache from 'mustache'
import type { EndpointTemplate } from '../model/endpoint.js'
import type { Envelope } from './envelope.js'
import { escaperFor } from './template-escape.js'

export const MAX_RENDERED_BODY_BYTES = 1024 * 1024
export const DEFAULT_TEMPLATE_CONTENT_TYPE = 'text/plain; charset=utf-8'

/** Why a template does not parse, or null when it does. */
export function templateParseError(body: string): string | null {
  try {
    Mustache.parse(body)
    return null
  } catch (error) {
    return (error as Error).message
  }
}

/** The template rendered with the envelope as context. Throws when it cannot be (the delivery then fails with that error). */
export function renderTemplate(template: EndpointTemplate, envelope: Envelope): string {
  const body = Mustache.render(template.body, envelope, {}, { escape: escaperFor(template.contentType) })
  if (Buffer.byteLength(body) > MAX_RENDERED_BODY_BYTES) throw new Error(`The rendered template is larger than ${MAX_RENDERED_BODY_BYTES} bytes`)
  return body
}
