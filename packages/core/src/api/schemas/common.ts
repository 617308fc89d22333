import { z } from 'zod'
import type { Problem } from '../problem.js'
import { named } from './named.js'

/** A moment, as every answer writes it: ISO 8601 in UTC (`2026-05-01T12:00:00.000Z`). */
export const timestamp = z.iso.datetime()

/** A string-to-string map (HTTP headers as sent or received). */
export const stringMap = z.record(z.string(), z.string())

/** One page of a list; pass `nextCursor` as `cursor` for the next one. */
export function page<T extends z.ZodType>(id: string, item: T) {
  return named(id, z.strictObject({
    data: z.array(item),
    nextCursor: z.string().nullable().describe('Pass as `cursor` to get the next page; null on the last page'),
  }))
}

/** An RFC 9457 problem document: every error answer, with `application/problem+json`. */
export const problemView = named('Problem', z.strictObject({
  type: z.string().describe('urn:callhook:problem:<code>'),
  title: z.string(),
  status: z.int(),
  detail: z.string().describe('What went wrong, in words meant for the developer'),
  code: z.string().describe('Stable machine-readable code: validation_failed, not_found, unauthenticated, …'),
  errors: z.array(z.strictObject({
    field: z.string().describe('The bad field, spelled as a path: `retry.delaysSeconds[0]`'),
    message: z.string(),
  })).optional().describe('For validation errors: every bad field'),
}).describe('An error (RFC 9457 problem details)'))

/** The OpenAPI document itself (not described further here: see the OpenAPI 3.1 specification). */
export const openApiView = named('OpenApiDocument', z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
}).describe('An OpenAPI 3.1 document'))

/** Mutual assignability: a schema's output type and the TypeScript type it describes stay the same. */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
true satisfies Same<z.output<typeof problemView>, Problem>
