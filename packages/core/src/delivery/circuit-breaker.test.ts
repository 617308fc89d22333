import { describe, expect, it } from 'vitest'
import { CircuitBreakers } from './circuit-breaker.js'

const settings = { failureThreshold: 3, cooldownMs: 1000, maxCooldownMs: 3000 }

describe('circuit breaker', () => {
  it('opens after the threshold of failures in a row, then lets one probe through after the cooldown', () => {
    const b = new CircuitBreakers(settings)
    for (let i = 0; i < 2; i++) b.finished('ep', false, 0)
    expect(b.canStart('ep', 0)).toBe(true)
    b.finished('ep', false, 0)
    expect([b.canStart('ep', 999), b.blocked(999)]).toEqual([false, ['ep']])
    expect(b.nextProbeAt(0)).toBe(1000)
    expect(b.canStart('ep', 1000)).toBe(true)
    expect(b.started('ep', 1000)).not.toBeNull()
    expect(b.canStart('ep', 1000)).toBe(false) // one probe at a time
    expect(b.started('ep', 1000)).toBeNull()
  })

  it('closes on a successful probe; a failed probe reopens it for twice as long, capped', () => {
    const b = new CircuitBreakers(settings)
    for (let i = 0; i < 3; i++) b.finished('ep', false, 0)
    b.finished('ep', false, 1000, b.started('ep', 1000))
    expect([b.canStart('ep', 2999), b.canStart('ep', 3000)]).toEqual([false, true])
    b.finished('ep', false, 3000, b.started('ep', 3000))
    b.finished('ep', false, 7000, b.started('ep', 7000))
    expect([b.canStart('ep', 9999), b.canStart('ep', 10_000)]).toEqual([false, true]) // 3000 cap
    expect(b.finished('ep', true, 10_000, b.started('ep', 10_000))).toBe(true) // recovered
    expect(b.blocked(10_000)).toEqual([])
  })

  it('keeps endpoints apart, and a success resets the count', () => {
    const b = new CircuitBreakers(settings)
    b.finished('a', false, 0)
    b.finished('a', false, 0)
    b.finished('a', true, 0)
    b.finished('a', false, 0)
    for (let i = 0; i < 3; i++) b.finished('b', false, 0)
    expect(b.blocked(0)).toEqual(['b'])
  })

  it('a probe abandoned without sending lets the next attempt probe, and counts as no failure', () => {
    const b = new CircuitBreakers(settings)
    for (let i = 0; i < 3; i++) b.finished('ep', false, 0)
    expect(b.started('ep', 500)).toBeNull() // still open: not a probe
    const first = b.started('ep', 1000)!
    expect(b.canStart('ep', 1000)).toBe(false)
    b.abandoned('ep', first)
    expect(b.canStart('ep', 1000)).toBe(true)
    const second = b.started('ep', 1000)!
    b.abandoned('ep', first) // late: the first probe's token no longer clears anything
    expect(b.canStart('ep', 1000)).toBe(false)
    b.finished('ep', false, 1000, second)
    expect([b.canStart('ep', 2999), b.canStart('ep', 3000)]).toEqual([false, true]) // doubled once, not twice
  })

  it('an attempt started before the circuit opened that fails during a probe is counted, and leaves the probe running', () => {
    const b = new CircuitBreakers(settings)
    for (let i = 0; i < 3; i++) b.finished('ep', false, 0)
    const probe = b.started('ep', 1000)
    b.finished('ep', false, 1100) // an older attempt, not the probe
    expect([b.canStart('ep', 1100), b.nextProbeAt(1100)]).toEqual([false, null]) // the probe still holds it
    b.finished('ep', false, 1200, probe)
    expect([b.canStart('ep', 3199), b.canStart('ep', 3200)]).toEqual([false, true])
  })
})
