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
    b.started('ep', 1000)
    expect(b.canStart('ep', 1000)).toBe(false) // one probe at a time
  })

  it('closes on a successful probe; a failed probe reopens it for twice as long, capped', () => {
    const b = new CircuitBreakers(settings)
    for (let i = 0; i < 3; i++) b.finished('ep', false, 0)
    b.started('ep', 1000)
    b.finished('ep', false, 1000)
    expect([b.canStart('ep', 2999), b.canStart('ep', 3000)]).toEqual([false, true])
    b.started('ep', 3000)
    b.finished('ep', false, 3000)
    b.started('ep', 7000)
    b.finished('ep', false, 7000)
    expect([b.canStart('ep', 9999), b.canStart('ep', 10_000)]).toEqual([false, true]) // 3000 cap
    b.started('ep', 10_000)
    b.finished('ep', true, 10_000)
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

  it('a probe abandoned without an outcome lets the next attempt probe, and counts as no failure', () => {
    const b = new CircuitBreakers(settings)
    for (let i = 0; i < 3; i++) b.finished('ep', false, 0)
    expect(b.started('ep', 500)).toBe(false) // still open: not a probe
    expect(b.started('ep', 1000)).toBe(true)
    expect(b.canStart('ep', 1000)).toBe(false)
    b.abandoned('ep')
    expect(b.canStart('ep', 1000)).toBe(true)
    expect(b.started('ep', 1000)).toBe(true)
    b.finished('ep', false, 1000)
    expect([b.canStart('ep', 2999), b.canStart('ep', 3000)]).toEqual([false, true]) // doubled once, not twice
  })
})
