import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { calltrackingFormData, calltrackingSignedData, signCalltracking } from './calltracking.js'
import { encodeForm, type FormFields } from './form-fields.js'

const URL_ = 'https://crm.example.com/hooks/calls'
const KEY = 'qChJkeBjdeTESTKEYTlBL'
// Seed 000's example call, its 8 fields in the documented order.
const seedCall: Array<[string, string]> = [
  ['idcall', '1234567'], ['accountname', 'Calltracking Agence'], ['date', '2019-09-01 10:00:00'], ['trackednumber', '0033988776655'],
  ['channelname', 'Site Internet'], ['callingNumber', '0033655443322'], ['duration', '120'], ['cid', 'GA1.2.1669789410.1567091110'],
]

describe('X-CALLTRACKING-SIGNATURE', () => {
  it('matches the DESIGN.md known-answer vector for seed 000 example', () => {
    const data = calltrackingFormData(URL_, [['calltracking_event', seedCall]])
    expect(signCalltracking(KEY, data)).toBe('ow+rmyUoEabmWLVp+PIjUMCQXYQ=')
  })

  it('signs the same data whether built from fields or parsed back from the encoded form body', () => {
    const fields: FormFields = [['calltracking_event', seedCall]]
    expect(calltrackingSignedData(URL_, encodeForm(fields), true).toString('utf8')).toBe(calltrackingFormData(URL_, fields))
  })

  it('sorts top-level keys in byte order but keeps nested sub-keys in their order', () => {
    const data = calltrackingFormData('u', [['zeta', '1'], ['Alpha', '2'], ['calltracking_event', [['b', 'x'], ['a', 'y']]]])
    expect(data).toBe('uAlpha2bxayzeta1')
  })

  it('signs a non-form body as the URL followed by the raw body', () => {
    const body = '{"id":"313"}'
    const expected = createHmac('sha1', KEY).update(URL_ + body).digest('base64')
    expect(signCalltracking(KEY, calltrackingSignedData(URL_, body, false))).toBe(expected)
  })
})
