import { describe, expect, it } from 'vitest'
import { RateGate } from './rate-gate.js'

describe('rate gate', () => {
  it('spaces attempts 1000/perSecond ms apart, per endpoint', () => {
    const g = new RateGate()
    expect([g.reserve('a', 4, 0), g.reserve('a', 4, 0), g.reserve('a', 4, 100), g.reserve('b', 4, 100)]).toEqual([0, 250, 400, 0])
  })

  it('gives a cancelled slot back: the next reservation takes it', () => {
    const g = new RateGate()
    expect([g.reserve('a', 4, 0), g.reserve('a', 4, 0), g.reserve('a', 4, 100)]).toEqual([0, 250, 400])
    g.cancel('a', 4)
    expect(g.reserve('a', 4, 100)).toBe(400)
  })
})
