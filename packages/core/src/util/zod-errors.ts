import type { z } from 'zod'
import { CallhookError, type FieldError } from '../errors.js'

/** zod issues as `{ field, message }`, the field spelled as a path (`retry.delaysSeconds[0]`). */
export function zodFieldErrors(error: z.ZodError, prefix?: string): FieldError[] {
  return error.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined]
    return keys.map((extra) => ({
      field: fieldPath(prefix, [...issue.path, ...(extra === undefined ? [] : [extra])]),
      message: extra === undefined ? issue.message : 'is not a known field',
    }))
  }).flat()
}

function fieldPath(prefix: string | undefined, path: PropertyKey[]): string {
  let out = prefix ?? ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else out += out ? `.${String(key)}` : String(key)
  }
  return out || '(body)'
}

/** Parses input with a schema, or throws a `validation_failed` CallhookError naming every bad field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, what: string): z.output<T> {
  const result = schema.safeParse(input)
  if (!result.success) throw new CallhookError('validation_failed', `${what} is not valid`, { errors: zodFieldErrors(result.error) })
  return result.data
}
