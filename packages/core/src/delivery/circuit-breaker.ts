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
  /** The probe in flight (its token from `started`), or null. */
  probe: number | null
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
  #probes = 0

  constructor(settings: BreakerSettings) {
    this.#settings = settings
  }

  /** May an attempt to this endpoint start now? (A half-open circuit lets one probe through.) */
  canStart(endpointId: string, now: number): boolean {
    const s = this.#states.get(endpointId)
    if (!s || s.failures < this.#settings.failureThreshold) return true
    return now >= s.openUntil && s.probe === null
  }

  /** Call when an attempt starts: a start on a half-open circuit is its probe, and gets a token to end it with (otherwise null). */
  started(endpointId: string, now: number): number | null {
    const s = this.#states.get(endpointId)
    if (!s || s.failures < this.#settings.failureThreshold || now < s.openUntil || s.probe !== null) return null
    s.probe = ++this.#probes
    return s.probe
  }

  /**
   * Call when an attempt ends (`probe`: its token, if it was the probe); true when a success closed
   * a circuit that had opened (the endpoint recovered). Any success closes the circuit; a failure
   * reopens it only if it was the probe's — an attempt started before the circuit opened that
   * fails meanwhile just counts.
   */
  finished(endpointId: string, success: boolean, now: number, probe: number | null = null): boolean {
    if (success) {
      const opened = (this.#states.get(endpointId)?.failures ?? 0) >= this.#settings.failureThreshold
      this.#states.delete(endpointId)
      return opened
    }
    const s = this.#states.get(endpointId) ?? { failures: 0, openUntil: 0, cooldownMs: this.#settings.cooldownMs, probe: null }
    this.#states.set(endpointId, s)
    s.failures++
    if (probe !== null && s.probe === probe) {
      s.probe = null
      s.cooldownMs = Math.min(s.cooldownMs * 2, this.#settings.maxCooldownMs)
      s.openUntil = now + s.cooldownMs
    } else if (s.failures === this.#settings.failureThreshold) {
      s.openUntil = now + s.cooldownMs
    }
    return false
  }

  /**
   * Call when a probe ends before its attempt (its endpoint disabled meanwhile, its rate slot
   * given back, an error before the attempt): the next attempt may probe. Only the probe
   * holding `probe` is cleared, never a later one.
   */
  abandoned(endpointId: string, probe: number): void {
    const s = this.#states.get(endpointId)
    if (s?.probe === probe) s.probe = null
  }

  /** Endpoints that may not start an attempt now (to leave out of claims). */
  blocked(now: number): string[] {
    return [...this.#states.keys()].filter((id) => !this.canStart(id, now))
  }

  /** The earliest moment an open circuit lets a probe through, or null. */
  nextProbeAt(now: number): number | null {
    let next: number | null = null
    for (const s of this.#states.values()) {
      if (s.failures >= this.#settings.failureThreshold && s.probe === null && s.openUntil > now && (next === null || s.openUntil < next)) next = s.openUntil
    }
    return next
  }

  isOpen(endpointId: string, now: number): boolean {
    return !this.canStart(endpointId, now)
  }
}
