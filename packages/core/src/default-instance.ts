import { CallhookError } from './errors.js'
import type { EmitOptions, EmitResult } from './events/event-service.js'
import type { WebhooksOptions } from './options.js'
import { createWebhooks, type Webhooks } from './webhooks.js'

let instance: Webhooks | undefined

/**
 * The process-wide default instance, shared by `webhooks()` adapters without `hooks` and by the
 * module-level `emit()`. The first call creates it; options can only be given before that.
 */
export function defaultWebhooks(options?: WebhooksOptions): Webhooks {
  if (instance) {
    if (options && Object.keys(options).length > 0) {
      throw new CallhookError(
        'misconfigured',
        'callhook: the default instance already exists (created by an earlier emit() or webhooks()), so these options cannot apply. ' +
          'Configure it before anything emits, or create your own: const hooks = createWebhooks({ ... }) and pass { hooks } to the adapter.',
      )
    }
    return instance
  }
  instance = createWebhooks(options)
  return instance
}

/** Emits on the default instance. */
export function emit(type: string, data: unknown, options?: EmitOptions): Promise<EmitResult> {
  return defaultWebhooks().emit(type, data, options)
}

/** Closes and forgets the default instance (tests, graceful shutdown). */
export async function closeDefaultWebhooks(): Promise<void> {
  const current = instance
  instance = undefined
  await current?.close()
}
