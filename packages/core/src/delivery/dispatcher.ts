import type { EndpointRecord, AttemptRecord, DeliveryRecord, EventRecord } from '../model/index.js'
import type { ClaimedDelivery } from '../store/queries.js'
import type { Store } from '../store/types.js'
import { deliverOnce, type DeliverySettings } from './deliver-once.js'
import type { HttpSender } from './http-sender.js'
import { CircuitBreakers, type BreakerSettings } from './circuit-breaker.js'
import { InFlight } from './in-flight.js'
import { PassTimer } from './pass-timer.js'
import { RateSlots } from './rate-slots.js'
import { sendClaimed, type ClaimedContext } from './send-claimed.js'
import { StoreOutage } from './store-outage.js'

export interface DispatcherSettings extends DeliverySettings {
  /** Circuit breaker per endpoint; null turns it off. */
  readonly circuitBreaker: BreakerSettings | null
  /** Requests in flight to one endpoint at once. */
  readonly perEndpointConcurrency: number
  /** Requests in flight in this process at once. */
  readonly totalConcurrency: number
  /** How long a claimed delivery stays reserved for this worker. */
  readonly leaseMs: number
  /** Fallback poll for work other processes (or clocks) made due. */
  readonly pollIntervalMs: number
  readonly log: StoreOutage['log']
}

/** The shortest time between two passes (claims), in ms… */
const PASS_WINDOW_MS = 2
/** …and while at least half of the total concurrency is in flight (neither when the store's claims are cheap). */
const BUSY_PASS_WINDOW_MS = 10
/** With limits shared through the store: how soon to look again at due work another process's limits hold back. */
const SHARED_RECHECK_MS = 100
/** With attempts in flight: how often at most the store is asked for its next due time. */
const BUSY_RECHECK_MS = 250

/**
 * Takes due deliveries from the store and sends them, at most `perEndpointConcurrency` at a time
 * per endpoint so a slow endpoint never holds back another. Wakes on `wake()` (after emit), at the
 * next due time, and on a fallback poll.
 */
export class Dispatcher {
  readonly #store: Store
  readonly #settings: DispatcherSettings
  readonly #inFlight = new InFlight()
  /** Attempts whose request is over but whose log is still being written. */
  #logging = 0
  /** The last pass left due work for want of a place (the limits, or its endpoint's): a request that ends wakes a pass. */
  #placeWanted = false
  readonly #running = new Set<Promise<void>>()
  #passing = false
  #passAgain = false
  #timer: NodeJS.Timeout | undefined
  #closed = false
  #started = false
  // close() waits for a pass: a claim in progress gives back what it took
  readonly #passTimer = new PassTimer(() => void this.#track(this.#pass()))
  /** When the store was last asked for its next due time, and its answer (ms). */
  #dueAskedAt = 0
  #dueAt = Infinity
  #unsubscribe: (() => void) | undefined
  readonly #breakers: CircuitBreakers | null
  readonly #closing = new AbortController()
  readonly #rateSlots: RateSlots
  readonly #outage: StoreOutage
  /** What sending a claimed delivery (or a test send) needs. */
  readonly #context: ClaimedContext
  /** The store enforces rate limits, concurrency caps and circuits for every process sharing it. */
  readonly #shared: boolean

  constructor(store: Store, sender: HttpSender, settings: DispatcherSettings) {
    this.#store = store
    this.#settings = settings
    this.#breakers = settings.circuitBreaker ? new CircuitBreakers(settings.circuitBreaker) : null
    this.#outage = new StoreOutage(settings.pollIntervalMs, Math.max(settings.pollIntervalMs, 30_000), settings.log)
    this.#shared = typeof store.shareLimits === 'function'
    this.#rateSlots = new RateSlots(store, this.#shared, settings.leaseMs, this.#closing.signal)
    this.#context = { store, sender, settings, rateSlots: this.#rateSlots, breakers: this.#breakers }
  }

  /** For /health: stopped (dispatch off or closed), running, or waiting for the store to answer. */
  get state(): 'running' | 'stopped' | 'store_unavailable' {
    return this.#closed || !this.#started ? 'stopped' : this.#outage.down ? 'store_unavailable' : 'running'
  }

  /** How many endpoints have an open circuit in this process (the circuit_open gauge). */
  openCircuits = (): number => this.#breakers?.blocked(Date.now()).length ?? 0

  /** True while the endpoint's circuit is open in this process. */
  circuitOpen(endpointId: string): boolean {
    return this.#breakers?.isOpen(endpointId, Date.now()) ?? false
  }

  /** Starts taking work: now, on wake-ups from the store, at due times and on the fallback poll. */
  start(): void {
    this.#started = true
    this.#store.shareLimits?.(this.#settings.circuitBreaker)
    this.#unsubscribe = this.#store.onDue?.(() => this.wake())
    this.wake()
  }

  /**
   * Looks for due work soon (once started). The wake-ups of one window (emits, NOTIFYs, finished
   * attempts) share one pass, and its claim of many deliveries: passes start at most every
   * PASS_WINDOW_MS, and every BUSY_PASS_WINDOW_MS while half the total concurrency or more is in
   * flight — each attempt that ends wakes a pass, and without the wider window a busy dispatcher
   * claimed a few deliveries at a time, a statement each on a durable store. When idle, a
   * wake-up passes at once. A store whose claims are cheap (memory: no statement or round trip
   * to share) passes at every wake-up, those of one turn of the event loop sharing it.
   */
  wake(): void {
    if (this.#closed || !this.#started) return
    const busy = this.#inFlight.total * 2 >= this.#settings.totalConcurrency
    this.#passTimer.request(this.#store.cheapClaims ? 0 : busy ? BUSY_PASS_WINDOW_MS : PASS_WINDOW_MS)
  }

  /** One attempt now, outside the queue: test sends. */
  async sendNow(delivery: DeliveryRecord, endpoint: EndpointRecord, event: EventRecord): Promise<AttemptRecord> {
    return this.#track(deliverOnce(this.#context, delivery, endpoint, event, 'test'))
  }

  /** Stops taking work and waits for the attempts in flight to finish and be logged. */
  async close(): Promise<void> {
    this.#closed = true
    this.#closing.abort()
    clearTimeout(this.#timer)
    this.#passTimer.cancel()
    this.#unsubscribe?.()
    while (this.#running.size > 0) await Promise.allSettled([...this.#running])
  }

  async #pass(): Promise<void> {
    if (this.#passing) {
      this.#passAgain = true
      return
    }
    this.#passing = true
    try {
      do {
        this.#passAgain = false
        await this.#claimAndStart()
        if (!this.#passAgain) await this.#scheduleNext() // a wake-up while it asks the store passes again
      } while (this.#passAgain && !this.#closed)
      this.#outage.answered()
    } catch (error) {
      this.#arm(this.#outage.failed(error)) // logged once per outage; polls back off
    } finally {
      this.#passing = false
    }
  }

  async #claimAndStart(): Promise<void> {
    const { perEndpointConcurrency, leaseMs } = this.#settings
    this.#placeWanted = true // unless the store runs out of due work, the loop ends for want of a place
    while (!this.#closed && this.#room() > 0) {
      const now = Date.now()
      const saturated = this.#inFlight.fullEndpoints(perEndpointConcurrency)
      const limit = Math.min(50, this.#room())
      const batch = await this.#store.claimDueDeliveries({
        now: new Date(now).toISOString(),
        limit,
        leaseUntil: new Date(now + leaseMs).toISOString(),
        excludeEndpointIds: [...saturated, ...(this.#breakers?.blocked(now) ?? [])],
        limits: this.#shared ? { perEndpoint: perEndpointConcurrency, slotHorizonMs: Math.min(1000, leaseMs / 2) } : undefined,
      })
      let wanted = saturated.length > 0
      for (const delivery of batch) {
        const busy = this.#inFlight.full(delivery.endpointId, perEndpointConcurrency)
        if (busy || this.#closed || !(this.#breakers?.canStart(delivery.endpointId, Date.now()) ?? true)) {
          wanted ||= busy
          await this.#store.updateDelivery(delivery.id, { leaseUntil: null }) // give it back; its endpoint is busy or resting
          continue
        }
        this.#start(delivery, this.#breakers?.started(delivery.endpointId, Date.now()) ?? null)
      }
      if (batch.length < limit) {
        this.#placeWanted = wanted // the store had no more for now but for endpoints full here: a claim again would come back empty
        return
      }
    }
  }

  /**
   * Sends a claimed delivery. Its place in the concurrency limits is free once its request is no
   * longer on the wire, before its attempt is logged (a durable store may be writing other logs
   * first); the next wake-up (that log written, an emit…) claims for it.
   */
  #start(delivery: ClaimedDelivery, probe: number | null): void {
    this.#inFlight.started(delivery.endpointId)
    let onWire = true
    const sent = () => {
      if (!onWire) return
      onWire = false
      this.#inFlight.finished(delivery.endpointId)
      this.#logging++
      if (this.#placeWanted && this.#room() > 0) this.wake() // a pass could claim for it
    }
    void this.#track(sendClaimed(this.#context, delivery, probe, sent)).finally(() => {
      sent()
      this.#logging--
      this.wake()
    })
  }

  /** How many deliveries a claim may take now: free places, with requests in flight plus attempts still being logged at most twice the total (a slow store holds claims back). */
  #room(): number {
    const { totalConcurrency } = this.#settings
    return Math.min(totalConcurrency - this.#inFlight.total, 2 * totalConcurrency - this.#inFlight.total - this.#logging)
  }

  #track<T>(work: Promise<T>): Promise<T> {
    const done = work.then(() => undefined, () => undefined)
    this.#running.add(done)
    void done.then(() => this.#running.delete(done))
    return work
  }

  /** Arms the next pass: at the next due time, or soon (busy, asked less than BUSY_RECHECK_MS ago). */
  async #scheduleNext(): Promise<void> {
    if (this.#closed) return
    const poll = this.#settings.pollIntervalMs
    const sinceAsked = Date.now() - this.#dueAskedAt
    if (this.#inFlight.total + this.#logging > 0 && sinceAsked < BUSY_RECHECK_MS) {
      // Busy: each attempt that ends (its log written) wakes a pass; the store is asked its next due time at most
      // every BUSY_RECHECK_MS (a query per pass on a durable store), and a pass looks by then.
      const probeAt = this.#breakers?.nextProbeAt(Date.now()) ?? null
      const dueIn = this.#dueAt - Date.now() // the last answer, if still ahead
      this.#arm(Math.min(poll, BUSY_RECHECK_MS - sinceAsked, dueIn > 0 ? dueIn : Infinity, probeAt === null ? Infinity : Math.max(10, probeAt - Date.now())))
      return
    }
    this.#dueAskedAt = Date.now()
    const next = await this.#store.nextDueAt()
    this.#dueAt = next === null ? Infinity : Date.parse(next)
    let wait = next === null ? poll : Date.parse(next) - Date.now()
    if (wait <= 0) {
      // Due but not taken: an open circuit (look at its probe time), limits or a gate another process holds
      // (shared: look again soon), or its endpoint busy here (the attempt in flight wakes us when it ends).
      const probeAt = this.#breakers?.nextProbeAt(Date.now()) ?? null
      wait = probeAt !== null ? Math.max(10, probeAt - Date.now()) : this.#shared ? SHARED_RECHECK_MS : this.#inFlight.total > 0 ? poll : 10
    }
    this.#arm(Math.min(wait, poll))
  }

  #arm(ms: number): void {
    clearTimeout(this.#timer)
    if (this.#closed) return
    this.#timer = setTimeout(() => this.wake(), ms)
    this.#timer.unref()
  }
}
