import type { z } from 'zod'

/** Which way a schema is read: what a client sends (`input`), or what the API answers (`output`). */
export type SchemaDirection = 'input' | 'output'

const names = new Map<z.ZodType, { id: string; io: SchemaDirection }>()

/**
 * Gives a schema a name in the OpenAPI document's `components.schemas`; other schemas that
 * contain it refer to it by `$ref`. `io` says how it is converted (defaults applied or not).
 */
export function named<T extends z.ZodType>(id: string, schema: T, io: SchemaDirection = 'output'): T {
  names.set(schema, { id, io })
  return schema
}

/** The name given to a schema, if any. */
export function nameOf(schema: z.ZodType): { id: string; io: SchemaDirection } | undefined {
  return names.get(schema)
}

/** Every named schema read the given way. */
export function namedSchemas(io: SchemaDirection): Array<[z.ZodType, string]> {
  return [...names].filter(([, name]) => name.io === io).map(([schema, name]) => [schema, name.id])
}
