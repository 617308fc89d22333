import type { LogFields } from '../telemetry/log.js'

/**
 * The dispatcher's view of its store being away (database stopped, connection cut, disk full):
 * the first failure is logged once, later ones are not; polls back off (doubling, up to a cap);
 * the first success after an outage logs that work resumed.
 */
export class StoreOutage {
  readonly #baseMs: number
  readonly #maxMs: number
  readonly #log: { error(message: string, error?: unknown, fields?: LogFields): void; warn(message: string, fields?: LogFields): void }
  #failures = 0
  #since = 0

  constructor(baseMs: number, maxMs: number, log: StoreOutage['log']) {
    this.#baseMs = baseMs
    this.#maxMs = Math.max(baseMs, maxMs)
    this.#log = log
  }

  get log() {
    return this.#log
  }

  /** True while the store has not answered since its last failure. */
  get down(): boolean {
    return this.#failures > 0
  }

  /** Records a failure; returns how long to wait before the next try. */
  failed(error: unknown): number {
    if (this.#failures === 0) {
      this.#since = Date.now()
      this.#log.error('callhook: the store does not answer; deliveries wait (nothing is lost) and the dispatcher retries with backoff. Logged once until it is back', error)
    }
    this.#failures++
    return Math.min(this.#baseMs * 2 ** (this.#failures - 1), this.#maxMs)
  }

  /** Records an answer; after an outage, logs that work resumed. */
  answered(): void {
    if (this.#failures === 0) return
    this.#log.warn(`callhook: the store answers again after ${Math.round((Date.now() - this.#since) / 1000)} s; delivering resumes`, { failedPolls: this.#failures })
    this.#failures = 0
  }
}
