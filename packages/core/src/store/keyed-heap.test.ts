import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { KeyedHeap } from './keyed-heap.js'

describe('KeyedHeap', () => {
  it('always has the earliest key on top, one entry per key, whatever the sets and deletes', () => {
    const op = fc.record({ key: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'.split('')), at: fc.integer({ min: 0, max: 20 }), remove: fc.boolean() })
    fc.assert(fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
      const heap = new KeyedHeap()
      const model = new Map<string, string>()
      for (const { key, at, remove } of ops) {
        const time = String(at).padStart(2, '0')
        if (remove) {
          heap.delete(key)
          model.delete(key)
        } else {
          heap.set(key, time)
          model.set(key, time)
        }
        const earliest = [...model].sort(([k1, a1], [k2, a2]) => (a1 < a2 ? -1 : a1 > a2 ? 1 : k1 < k2 ? -1 : 1))[0]
        expect(heap.peek()).toEqual(earliest ? { key: earliest[0], at: earliest[1] } : undefined)
        expect(heap.size).toBe(model.size)
        expect(heap.at(key)).toBe(model.get(key))
      }
    }))
  })
})
