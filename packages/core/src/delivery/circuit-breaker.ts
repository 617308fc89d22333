export interface BreakerSettings {
  /** Consecutive failed attempts that open the circuit. */
  readonly failureThreshold: number
  /** How long it stays open before one probe is let through. */
  readonly cooldownMs: number
  /** Each failed probe doubles the cooldown, up to this. */
  readonly maxCooldownMs: number
}

interface State {
  failures: number
  openUntil: number
  cooldownMs: number
  probing: boolean
}

/**
 * Per-endpoint circuit breakers (in this process): after `failureThreshold` failures in a row an
 * endpoint gets no attempts for a cooldown; then one probe goes; its success closes the circuit,
 * its failure reopens it for twice as long. Deliveries wait (still pending) meanwhile: nothing is
 * dropped, the endpoint is just not hammered.
 */
export class CircuitBreakers {
  readonly #settings: BreakerSettings
  readonly #states = new Map<string, State>()

  constructor(settings: BreakerSettings) {
    this.#settings = settings
  }

  /** May an attempt to this endpoint start now? (A half-open circuit lets one probe through.) */
  canStart(endpointId: string, now: number): boolean {
    const s = this.#states.get(endpointId)
    if (!s || s.failures < this.#settings.failureThreshold) return true
    return now >= s.openUntil && !s.probing
  }

  /** Call when an attempt starts; a start on a half-open circuit is its probe (true). */
  started(endpointId: string, now: number): boolean {
    const s = this.#states.get(endpointId)
    if (!s || s.failures < this.#settings.failureThreshold || now < s.openUntil) return false
    s.probing = true
    return true
  }

  /** Call when an attempt ends; true when a success closed a circuit that had opened (the endpoint recovered). */
  finished(endpointId: string, success: boolean, now: number): boolean {
    if (success) {
      const opened = (this.#states.get(endpointId)?.failures ?? 0) >= this.#settings.failureThreshold
      this.#states.delete(endpointId)
      return opened
    }
    const s = this.#states.get(endpointId) ?? { failures: 0, openUntil: 0, cooldownMs: this.#settings.cooldownMs, probing: false }
    this.#states.set(endpointId, s)
    s.failures++
    if (s.probing) {
      s.probing = false
      s.cooldownMs = Math.min(s.cooldownMs * 2, this.#settings.maxCooldownMs)
      s.openUntil = now + s.cooldownMs
    } else if (s.failures === this.#settings.failureThreshold) {
      s.openUntil = now + s.cooldownMs
    }
    return false
  }

  /**
   * Call when a probe ends without an outcome (its endpoint disabled meanwhile, its rate slot
   * given back, its log failing): the next attempt may probe.
   */
  abandoned(endpointId: string): void {
    const s = this.#states.get(endpointId)
    if (s) s.probing = false
  }

  /** Endpoints that may not start an attempt now (to leave out of claims). */
  blocked(now: number): string[] {
    return [...this.#states.keys()].filter((id) => !this.canStart(id, now))
  }

  /** The earliest moment an open circuit lets a probe through, or null. */
  nextProbeAt(now: number): number | null {
    let next: number | null = null
    for (const s of this.#states.values()) {
      if (s.failures >= this.#settings.failureThreshold && !s.probing && s.openUntil > now && (next === null || s.openUntil < next)) next = s.openUntil
    }
    return next
  }

  isOpen(endpointId: string, now: number): boolean {
    return !this.canStart(endpointId, now)
  }
}
