import { describe, expect, it } from 'vitest'
import { encodeForm, formToObject, parseForm } from './form-fields.js'

describe('form fields', () => {
  it('round-trips nested fields through the encoded body, order kept', () => {
    const fields = [['calltracking_event', [['idcall', '1'], ['accountname', 'A & B = C']]], ['event_type', 'call:completed']] as const
    const body = encodeForm(fields.map(([k, v]) => [k, typeof v === 'string' ? v : v.map(([a, b]) => [a, b] as [string, string])]))
    expect(body).toBe('calltracking_event%5Bidcall%5D=1&calltracking_event%5Baccountname%5D=A+%26+B+%3D+C&event_type=call%3Acompleted')
    expect(parseForm(body)).toEqual([['calltracking_event', [['idcall', '1'], ['accountname', 'A & B = C']]], ['event_type', 'call:completed']])
  })

  it('parses like PHP: a[] appends, the last duplicate wins', () => {
    expect(parseForm('tags[]=a&tags[]=b&x=1&x=2')).toEqual([['tags', [['0', 'a'], ['1', 'b']]], ['x', '2']])
  })

  it('gives handlers a plain object', () => {
    expect(formToObject(parseForm('calltracking_event[idcall]=7&event_type=call%3Amissed'))).toEqual({ calltracking_event: { idcall: '7' }, event_type: 'call:missed' })
  })
})
