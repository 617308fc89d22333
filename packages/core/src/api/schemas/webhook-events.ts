import { z } from 'zod'
import { builtInEventTypes } from '../../events/catalogue.js'
import { named } from './named.js'

/** `call:completed` -> `CallCompleted`, `endpoint:secret-rotated` -> `EndpointSecretRotated`. */
const pascal = (type: string) => type.split(/[:_-]/).map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('')

/** Data schemas several types share get one name (the call record), the others their type's. */
const sharedNames = new Map<z.ZodType, string>()

function dataName(type: string, schema: z.ZodType): string {
  const shared = Object.entries(builtInEventTypes).filter(([, d]) => d.schema === schema).length > 1
  if (!shared) return `${pascal(type)}Data`
  const name = sharedNames.get(schema) ?? `${pascal(type.split(':')[0]!)}Record`
  sharedNames.set(schema, name)
  return name
}

/**
 * What an endpoint with format `json` (and no preset) receives for each built-in event type: the
 * envelope with the type's data. The OpenAPI document lists them under `webhooks`.
 */
export const webhookEvents: ReadonlyArray<{ name: string; summary: string; schema: z.ZodType }> = Object.entries(builtInEventTypes).map(([type, definition]) => {
  const data = named(dataName(type, definition.schema), definition.schema, 'output')
  const envelope = z.strictObject({
    id: z.string().describe('The event id; also the webhook-id header, the same on every retry'),
    type: z.literal(type),
    timestamp: z.iso.datetime(),
    accountId: z.string().nullable(),
    data,
  })
  return { name: type, summary: definition.description, schema: named(`${pascal(type)}Event`, envelope, 'output') }
})
