/**
 * Per-endpoint rate limits (in this process): each attempt reserves the next free slot,
 * `1000 / perSecond` ms after the previous one.
 */
export class RateGate {
  readonly #next = new Map<string, number>()

  /** Reserves a slot; returns how many ms to wait for it (0: go now). */
  reserve(endpointId: string, perSecond: number, now: number): number {
    const slot = Math.max(now, this.#next.get(endpointId) ?? 0)
    this.#next.set(endpointId, slot + 1000 / perSecond)
    return slot - now
  }

  /** Gives a reserved slot back (the attempt was put off instead). */
  cancel(endpointId: string, perSecond: number): void {
    const next = this.#next.get(endpointId)
    if (next !== undefined) this.#next.set(endpointId, next - 1000 / perSecond)
  }
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
export function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false)
  const until = Date.now() + ms
  return new Promise<boolean>((resolve) => {
    let timer: NodeJS.Timeout | undefined
    // A timer counts from the event loop's cached clock and can fire before Date.now() reaches
    // the deadline: wait out the rest, so no attempt ever starts before its slot.
    const arm = () => (Date.now() >= until ? resolve(true) : void (timer = setTimeout(arm, Math.ceil(until - Date.now()))))
    arm()
    signal.addEventListener('abort', () => {
      clearTimeout(timer)
      resolve(false)
    }, { once: true })
  })
}
