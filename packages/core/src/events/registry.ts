import { z } from 'zod'
import { CallhookError } from '../errors.js'
import { builtInEventTypes, type EventTypeDefinition } from './catalogue.js'
import { knownSample } from './samples.js'
import { zodFieldErrors } from '../util/zod-errors.js'

const TYPE_NAME = /^[a-z][a-z0-9_]*:[a-z][a-z0-9_.]*$/

export interface EventTypeInfo {
  type: string
  description: string
  schema: Record<string, unknown>
  /** A realistic example of the data (built-in types; the host's own types have none: their schema tells). */
  example?: Record<string, unknown>
}

/** The event catalogue of one instance: the built-in types plus the host's own. */
export class EventRegistry {
  readonly #types = new Map<string, EventTypeDefinition>()
  readonly #jsonSchemas = new Map<string, Record<string, unknown>>()

  constructor(extra: Record<string, EventTypeDefinition> = {}) {
    for (const [type, definition] of Object.entries(builtInEventTypes)) this.#types.set(type, definition)
    for (const [type, definition] of Object.entries(extra)) this.register(type, definition)
  }

  /** Adds (or replaces) an event type. Names are `resource:action`, lower case. */
  register(type: string, definition: EventTypeDefinition): void {
    if (!TYPE_NAME.test(type)) {
      throw new CallhookError('misconfigured', `Event type "${type}" must look like "resource:action" (lower case, e.g. "invoice:paid")`)
    }
    this.#types.set(type, definition)
    this.#jsonSchemas.delete(type)
  }

  has(type: string): boolean {
    return this.#types.has(type)
  }

  types(): string[] {
    return [...this.#types.keys()]
  }

  /** Validates an event's data against its type's schema; returns the parsed data. */
  parse(type: string, data: unknown): Record<string, unknown> {
    const definition = this.#types.get(type)
    if (!definition) {
      throw new CallhookError('unknown_event_type', `Unknown event type "${type}"`, {
        errors: [{ field: 'type', message: `must be one of the registered event types (GET /event-types); got "${type}"` }],
      })
    }
    const result = definition.schema.safeParse(data)
    if (!result.success) {
      throw new CallhookError('validation_failed', `The data of a "${type}" event is not valid`, {
        errors: zodFieldErrors(result.error, 'data'),
      })
    }
    return result.data as Record<string, unknown>
  }

  describe(): EventTypeInfo[] {
    return this.types().map((type) => {
      const example = knownSample(type)
      return { type, description: this.#types.get(type)!.description, schema: this.#jsonSchema(type), ...(example ? { example } : {}) }
    })
  }

  #jsonSchema(type: string): Record<string, unknown> {
    let schema = this.#jsonSchemas.get(type)
    if (!schema) {
      schema = z.toJSONSchema(this.#types.get(type)!.schema, { unrepresentable: 'any', io: 'input' }) as Record<string, unknown>
      this.#jsonSchemas.set(type, schema)
    }
    return schema
  }
}
