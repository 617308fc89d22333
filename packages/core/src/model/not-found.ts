import { CallhookError } from '../errors.js'

export function notFound(what: string, id: string): CallhookError {
  return new CallhookError('not_found', `No ${what} with id "${id}"`)
}
