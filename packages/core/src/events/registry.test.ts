import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { CallhookError } from '../errors.js'
import { EventRegistry } from './registry.js'

describe('event registry', () => {
  it('knows the DESIGN.md catalogue', () => {
    expect(new EventRegistry().types()).toEqual([
      'call:ringing', 'call:answered', 'call:completed', 'call:missed', 'call:hangup', 'call:updated', 'call:enriched', 'call:keyword',
      'lead:created', 'sms:received', 'sms:sent', 'sms:status_changed', 'sale:updated', 'user:action',
      'endpoint:disabled', 'endpoint:recovered', 'endpoint:secret-rotated', 'delivery:failed',
    ])
  })

  it("registers a host's own type with its zod schema and validates data against it", () => {
    const registry = new EventRegistry({ 'invoice:paid': { description: 'An invoice was paid', schema: z.object({ id: z.string(), amount: z.number() }) } })
    expect(registry.parse('invoice:paid', { id: 'inv_1', amount: 10 })).toEqual({ id: 'inv_1', amount: 10 })
    expect(() => registry.parse('invoice:paid', { id: 'inv_1' })).toThrow(expect.objectContaining({ errors: [{ field: 'data.amount', message: expect.any(String) }] }))
    expect(registry.describe().find((t) => t.type === 'invoice:paid')?.schema).toMatchObject({ type: 'object', required: ['id', 'amount'] })
  })

  it('describes each built-in type with an example that passes its own schema; a host type gets none', () => {
    const registry = new EventRegistry({ 'invoice:paid': { description: 'An invoice was paid', schema: z.object({ id: z.string() }) } })
    for (const info of registry.describe().filter((t) => t.type !== 'invoice:paid')) {
      expect(info.example, info.type).toBeDefined()
      expect(() => registry.parse(info.type, info.example), info.type).not.toThrow()
    }
    expect(registry.describe().find((t) => t.type === 'invoice:paid')).not.toHaveProperty('example')
  })

  it('refuses type names that are not resource:action', () => {
    expect(() => new EventRegistry().register('InvoicePaid', { description: '', schema: z.object({}) })).toThrow(CallhookError)
  })

  it('keeps unknown call fields and accepts an anonymous caller', () => {
    const data = new EventRegistry().parse('call:completed', { id: 'c1', callerNumber: 'anonymous', vendorExtra: { a: 1 } })
    expect(data).toEqual({ id: 'c1', callerNumber: 'anonymous', vendorExtra: { a: 1 } })
  })
})
