import { describe, expect, it } from 'vitest'
import { checkValue, parseJsonSafely } from './safe-json.js'

describe('safe JSON', () => {
  it('parses ordinary JSON, brackets inside strings included', () => {
    expect(parseJsonSafely('{"a":[1,{"b":"[[[{{{\\\\\\""}]}')).toEqual({ a: [1, { b: '[[[{{{\\"' }] })
  })

  it('refuses bodies nested deeper than the limit, before parsing them', () => {
    expect(() => parseJsonSafely('['.repeat(33) + ']'.repeat(33))).toThrow(/nests deeper than 32/)
    expect(() => parseJsonSafely('['.repeat(100_000))).toThrow(/nests deeper/)
    let deepest: unknown = []
    for (let i = 1; i < 32; i++) deepest = [deepest]
    expect(parseJsonSafely('['.repeat(32) + ']'.repeat(32))).toEqual(deepest)
  })

  it('refuses __proto__ and constructor.prototype keys, at any depth', () => {
    expect(() => parseJsonSafely('{"__proto__":{"admin":true}}')).toThrow(/__proto__/)
    expect(() => parseJsonSafely('{"data":{"x":[{"constructor":{"prototype":{"admin":true}}}]}}')).toThrow(/constructor\.prototype/)
    expect(({} as Record<string, unknown>).admin).toBeUndefined()
    expect(parseJsonSafely('{"constructor":"fine"}')).toEqual({ constructor: 'fine' })
  })

  it('checks values a framework already parsed the same way', () => {
    expect(() => checkValue(JSON.parse('{"a":{"__proto__":{"x":1}}}'))).toThrow(/__proto__/)
  })
})
