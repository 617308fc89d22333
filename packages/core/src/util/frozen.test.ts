import { describe, expect, it } from 'vitest'
import { frozenCopy } from './frozen.js'

/** What frozenCopy must equal: the JSON round trip. */
const roundTrip = (value: unknown) => JSON.parse(JSON.stringify(value))

function expectDeepFrozen(value: unknown): void {
  if (value === null || typeof value !== 'object') return
  expect(Object.isFrozen(value)).toBe(true)
  for (const key of Object.keys(value)) expectDeepFrozen((value as Record<string, unknown>)[key])
}

class Call { id = 'c1' }
const proto = JSON.parse('{"__proto__": {"x": 1}, "a": 1}')
const cycle: Record<string, unknown> = { a: 1 }
cycle.self = cycle

describe('frozenCopy', () => {
  const cases: Array<[string, unknown]> = [
    ['a call record', { id: 'call_1', duration: 61.5, answered: true, tags: ['a', 'b'], caller: { phone: '+7 900', name: 'Иван' }, crm: null }],
    ['integer-like keys (JSON orders them first)', { b: 1, 2: 'two', a: [1, { 1: 'x', z: 0 }], 1: 'one' }],
    ['-0, which JSON gives back as 0', { n: -0, list: [-0] }],
    ['undefined values, dropped in objects and null in arrays', { a: undefined, b: [undefined, 1], c: 2 }],
    ['a Date and a toJSON', { at: new Date(0), custom: { toJSON: () => 'custom' } }],
    ['NaN and Infinity, null in JSON', { a: Number.NaN, b: [Number.POSITIVE_INFINITY] }],
    ['a class instance, a plain object to JSON', { call: new Call() }],
    ['an own __proto__ key', proto],
    ['an array hole', { list: [1, , 3] }], // eslint-disable-line no-sparse-arrays
    ['a function and a symbol, dropped', { f: () => 1, s: Symbol('s'), ok: 1 }],
    ['a null-prototype object', Object.assign(Object.create(null), { a: 1 })],
    ['a symbol key, which JSON leaves out', { [Symbol('s')]: 1, a: 1 }],
    ['a getter, read once as JSON reads it', { get a() { return 1 }, b: { c: 2 } }],
    ['strings with escapes', { text: 'quote " backslash \\ newline \n \u2028' }],
    ['deep nesting past the plain pass', JSON.parse(`${'['.repeat(150)}1${']'.repeat(150)}`)],
  ]
  for (const [name, value] of cases) {
    it(`is the JSON round trip, deeply frozen: ${name}`, () => {
      const copy = frozenCopy(value)
      expect(copy).toStrictEqual(roundTrip(value))
      expect(JSON.stringify(copy)).toBe(JSON.stringify(value))
      expect(Object.keys(copy as object)).toEqual(Object.keys(roundTrip(value)))
      expectDeepFrozen(copy)
    })
  }

  it('is a copy: changing the original afterwards changes nothing stored', () => {
    const data = { caller: { phone: '1' }, tags: ['a'] }
    const copy = frozenCopy(data)
    data.caller.phone = '2'
    data.tags.push('b')
    expect(copy).toEqual({ caller: { phone: '1' }, tags: ['a'] })
  })

  it('fails as JSON does on what JSON cannot hold', () => {
    expect(() => frozenCopy({ big: 1n })).toThrow(TypeError)
    expect(() => frozenCopy(cycle)).toThrow(TypeError)
  })
})
