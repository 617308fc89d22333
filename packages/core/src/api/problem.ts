import { CallhookError, WebhookVerificationError, type FieldError } from '../errors.js'
import type { ApiResponse } from './api-types.js'

export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

/** An RFC 9457 problem document. */
export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  code: string
  errors?: FieldError[]
}

const titles: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict',
  413: 'Payload Too Large', 415: 'Unsupported Media Type', 500: 'Internal Server Error', 503: 'Service Unavailable',
}

/**
 * Turns anything thrown into a problem+json response. Unknown errors become a 500 that says
 * nothing about internals; `onInternal` gets the original to log.
 */
export function errorResponse(error: unknown, onInternal?: (error: unknown) => void): ApiResponse {
  let status: number
  let code: string
  let detail: string
  let errors: FieldError[] | undefined
  if (error instanceof CallhookError) {
    ;({ status, code } = error)
    detail = error.message
    if (error.errors.length) errors = [...error.errors]
    if (status >= 500 && code === 'internal') onInternal?.(error)
  } else if (error instanceof WebhookVerificationError) {
    ;({ status, code } = error)
    detail = error.message
  } else if (isBodyReadError(error)) {
    status = error.status
    code = status === 413 ? 'payload_too_large' : 'invalid_body'
    detail = status === 413 ? 'The request body is larger than the limit' : 'The request body could not be read'
  } else {
    onInternal?.(error)
    status = 500
    code = 'internal'
    detail = 'An internal error occurred'
  }
  const problem: Problem = { type: `urn:callhook:problem:${code}`, title: titles[status] ?? 'Error', status, detail, code, ...(errors ? { errors } : {}) }
  return { status, headers: { 'content-type': PROBLEM_CONTENT_TYPE }, body: JSON.stringify(problem) }
}

/** raw-body's errors carry an HTTP status and a dotted `type` ('entity.too.large', 'request.aborted'…). */
function isBodyReadError(error: unknown): error is { status: number; type: string } {
  const e = error as { status?: unknown; type?: unknown } | null
  return typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && typeof e.type === 'string'
}
