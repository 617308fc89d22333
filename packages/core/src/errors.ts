/** What went wrong, as a stable machine-readable string. */
export type CallhookErrorCode =
  | 'validation_failed'
  | 'not_found'
  | 'unauthenticated'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'invalid_json'
  | 'unknown_event_type'
  | 'conflict'
  | 'misconfigured'
  | 'cross_origin_request'
  | 'invalid_portal_link'
  | 'read_only_portal_link'
  | 'body_already_parsed'
  | 'closed'
  | 'store_unavailable'
  | 'internal'

/** One table maps each code to its HTTP status. */
export const statusByCode: Readonly<Record<CallhookErrorCode, number>> = {
  validation_failed: 400,
  invalid_json: 400,
  unknown_event_type: 400,
  unauthenticated: 401,
  invalid_portal_link: 401,
  cross_origin_request: 403,
  read_only_portal_link: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  misconfigured: 500,
  body_already_parsed: 500,
  closed: 503,
  store_unavailable: 503,
  internal: 500,
}

/** A field that failed validation, named by its path (`retry.delaysSeconds[0]`). */
export interface FieldError {
  field: string
  message: string
}

export class CallhookError extends Error {
  override readonly name = 'CallhookError'
  readonly code: CallhookErrorCode
  readonly status: number
  readonly errors: readonly FieldError[]

  constructor(code: CallhookErrorCode, message: string, options: { cause?: unknown; errors?: FieldError[] } = {}) {
    super(message, { cause: options.cause })
    this.code = code
    this.status = statusByCode[code]
    this.errors = options.errors ?? []
  }
}

export type WebhookVerificationErrorCode =
  | 'missing_headers'
  | 'invalid_timestamp'
  | 'timestamp_too_old'
  | 'timestamp_too_new'
  | 'invalid_signature'
  | 'no_matching_signature'
  | 'invalid_payload'

/**
 * Thrown by the receiving side when a request is not a genuine, fresh webhook: HTTP 401. One
 * exception, `invalid_payload`: the signature matched but the body is not what its content type
 * says — a sender bug, not a forgery — so 400.
 */
export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError'
  readonly code: WebhookVerificationErrorCode
  readonly status: 400 | 401

  constructor(code: WebhookVerificationErrorCode, message: string) {
    super(message)
    this.code = code
    this.status = code === 'invalid_payload' ? 400 : 401
  }
}
