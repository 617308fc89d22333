import { describe, expect, it } from 'vitest'
import { phpSafeKey } from '../render/form-body.js'
import { calltrackingSignedData, signCalltracking } from './calltracking.js'
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

describe('PHP parsing details (answers taken from php 8.2; test/php-form.e2e.test.ts checks them against php itself)', () => {
  it('ends a sub-key at the first "]", turns . and spaces in top-level names into _, auto-indexes k[]', () => {
    expect(formToObject(parseForm('e[utm[source]]=g&a.b+c=1&k[]=x&k[]=y&m[-5]=p&m[]=q'))).toEqual({ e: { 'utm[source': 'g' }, a_b_c: '1', k: { 0: 'x', 1: 'y' }, m: { '-5': 'p', '-4': 'q' } })
  })

  it('reads a Latin-1 body from the raw bytes (text as Latin-1 when it is not UTF-8)', () => {
    expect(formToObject(parseForm(Buffer.from('ville=Orl%E9ans&nom=Fran%C3%A7ois')))).toEqual({ ville: 'Orléans', nom: 'François' })
  })

  it('signs the raw bytes with ksort order: the known answer php computed for a Latin-1 body', () => {
    const body = 'calltracking_event%5Bville%5D=Orl%E9ans&calltracking_event%5Bnom%5D=Fran%E7ois+Leg%E8re&event_type=call%3Acompleted&10=x&9=y'
    expect(signCalltracking('qChJkeBjdeTESTKEYTlBL', calltrackingSignedData('http://127.0.0.1/incoming', body, true))).toBe('ovjFglFRLc/FgdveSCzyvA7xZRI=')
  })
})

describe('form delivery keys', () => {
  it('sends data keys PHP reads back unchanged: [ and ] as ( and ), no NUL, "_" for an empty key', () => {
    expect(['utm[source]', 'a]b[c', '', ' ', 'nul\0key', 'x.y z'].map(phpSafeKey)).toEqual(['utm(source)', 'a)b(c', '_', '_', 'nulkey', 'x.y z'])
  })
})
