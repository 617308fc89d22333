import { CallhookError } from '../errors.js'
import type { Store } from './types.js'

/**
 * Initialises the store (migrations, connections), and keeps trying with backoff when it cannot
 * (the database is down while the app starts): the host stays up, `ready()` rejects with
 * `store_unavailable` meanwhile, and `onReady` runs once it has worked. The failure is logged once.
 */
export class StoreStartup {
  readonly #store: Store
  readonly #onReady: () => void
  readonly #log: { warn(message: string): void; error(message: string, error?: unknown): void }
  #current: Promise<void>
  #done = false
  #stopped = false
  #retryMs = 1000
  #logged = false
  #timer: NodeJS.Timeout | undefined

  constructor(store: Store, onReady: () => void, log: StoreStartup['log']) {
    this.#store = store
    this.#onReady = onReady
    this.#log = log
    this.#current = this.#attempt()
  }

  /** Resolves once the store is initialised; rejects (store_unavailable) while it cannot be. */
  async ready(): Promise<void> {
    if (this.#done) return
    try {
      await this.#current
    } catch (error) {
      throw new CallhookError('store_unavailable', `callhook: the store is not ready: it could not be initialised (${(error as Error)?.message ?? String(error)}); retrying in the background`, { cause: error })
    }
  }

  /** Stops retrying; resolves once an attempt in progress has settled. */
  async stop(): Promise<void> {
    this.#stopped = true
    clearTimeout(this.#timer)
    await this.#current.catch(() => undefined)
  }

  get log() {
    return this.#log
  }

  #attempt(): Promise<void> {
    const attempt = Promise.resolve().then(() => this.#store.init?.())
    attempt.then(() => {
      this.#done = true
      if (this.#logged) this.#log.warn('callhook: the store is initialised after all; starting')
      if (!this.#stopped) this.#onReady()
    }, (error: unknown) => {
      if (this.#stopped) return
      if (!this.#logged) this.#log.error('callhook: the store failed to initialise; retrying with backoff (logged once)', error)
      this.#logged = true
      this.#timer = setTimeout(() => (this.#current = this.#attempt()), this.#retryMs)
      this.#timer.unref()
      this.#retryMs = Math.min(this.#retryMs * 2, 30_000)
    })
    return attempt
  }
}
