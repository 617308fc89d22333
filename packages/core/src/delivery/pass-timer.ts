/**
 * When the dispatcher's next pass (a claim and the sends it starts) begins: at most one pass per
 * window, counted from the start of the last one. Every wake-up (an emit, a NOTIFY, an attempt
 * that ended, a due time) asks for a pass with the window that fits the dispatcher's load; the
 * wake-ups of one window share a single pass, and so a single claim of many deliveries.
 */
export class PassTimer {
  readonly #run: () => void
  #timer: ReturnType<typeof setTimeout> | undefined
  #immediate: ReturnType<typeof setImmediate> | undefined
  /** When the armed pass begins (Infinity: none armed). */
  #at = Infinity
  #lastPassAt = -Infinity

  constructor(run: () => void) {
    this.#run = run
  }

  /**
   * Arms a pass `windowMs` after the last one began (at once if that is past). A pass already armed
   * for the same time or earlier stands; one armed for later (by a wider window) is brought forward.
   */
  request(windowMs: number): void {
    const now = performance.now() // monotonic: a clock stepped back must not hold passes off
    const at = Math.max(this.#lastPassAt + windowMs, now)
    if (at >= this.#at) return
    this.cancel()
    this.#at = at
    if (at <= now) this.#immediate = setImmediate(() => this.#fire())
    else this.#timer = setTimeout(() => this.#fire(), at - now)
  }

  /** Forgets the armed pass, if any. */
  cancel(): void {
    clearTimeout(this.#timer)
    clearImmediate(this.#immediate)
    this.#timer = this.#immediate = undefined
    this.#at = Infinity
  }

  #fire(): void {
    this.#timer = this.#immediate = undefined
    this.#at = Infinity
    this.#lastPassAt = performance.now()
    this.#run()
  }
}
