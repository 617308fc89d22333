/** What a log line is about: ids only (never a secret, a signature or a body). */
export interface LogFields {
  eventId?: string
  deliveryId?: string
  endpointId?: string
  attempt?: number
  [key: string]: string | number | boolean | null | undefined
}

/** A console-like logger: `warn(message)`, `error(message, error)`. */
export interface Logger {
  warn(message: string): void
  error(message: string, error?: unknown): void
}

/** A pino-like logger: `warn(object, message)`, `error(object, message)` (pino, bunyan, and anything shaped so). */
export interface StructuredLogger {
  warn(fields: object, message: string): void
  error(fields: object, message: string): void
  info?(fields: object, message: string): void
}

/**
 * How callhook writes to the host's logger. `structured` calls `(fields, message)` (pino's
 * order); `console` calls `(message)` / `(message, error)` with the fields appended to the text.
 */
export type LoggerStyle = 'structured' | 'console'

/**
 * The documented rule when no `loggerStyle` is given: a logger with `child()` and `bindings()`
 * functions (pino) is structured; anything else is console-like.
 */
export function detectLoggerStyle(logger: object): LoggerStyle {
  const l = logger as { child?: unknown; bindings?: unknown }
  return typeof l.child === 'function' && typeof l.bindings === 'function' ? 'structured' : 'console'
}

/** callhook's own log: one shape inside, written in the host logger's style. */
export class Log implements Logger {
  readonly #logger: Logger | StructuredLogger
  readonly #style: LoggerStyle

  constructor(logger: Logger | StructuredLogger, style: LoggerStyle = detectLoggerStyle(logger)) {
    this.#logger = logger
    this.#style = style
  }

  warn(message: string, fields: LogFields = {}): void {
    if (this.#style === 'structured') (this.#logger as StructuredLogger).warn(clean(fields), message)
    else (this.#logger as Logger).warn(message + suffix(fields))
  }

  error(message: string, error?: unknown, fields: LogFields = {}): void {
    if (this.#style === 'structured') (this.#logger as StructuredLogger).error(error === undefined ? clean(fields) : { ...clean(fields), err: error }, message)
    else if (error === undefined) (this.#logger as Logger).error(message + suffix(fields))
    else (this.#logger as Logger).error(message + suffix(fields), error)
  }

  info(message: string, fields: LogFields = {}): void {
    if (this.#style === 'structured') (this.#logger as StructuredLogger).info?.(clean(fields), message)
  }
}

function clean(fields: LogFields): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined))
}

/** ` (eventId=msg_… deliveryId=dlv_…)` for console-like loggers; empty without fields. */
function suffix(fields: LogFields): string {
  const parts = Object.entries(clean(fields)).map(([k, v]) => `${k}=${String(v)}`)
  return parts.length ? ` (${parts.join(' ')})` : ''
}
