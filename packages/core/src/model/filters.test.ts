import { describe, expect, it } from 'vitest'
import { eventRecord } from '../testing/records.js'
import { matchesFilters, phoneKey } from './filters.js'

const call = eventRecord({
  accountId: 'acc_1',
  data: { id: 'c1', trackingNumber: '+33 9 88 77 66 55', source: 'google / cpc', tags: ['vip', 'new'], status: 'ANSWER', durationSec: 95, talkTimeSec: 80, agent: { id: 'agt_7', name: 'Camille' } },
})

describe('endpoint filters', () => {
  it('passes everything without filters', () => expect(matchesFilters(null, call)).toBe(true))

  it.each([
    ['accounts', { accounts: ['acc_1'] }, { accounts: ['acc_2'] }],
    ['trackingNumbers (any spelling)', { trackingNumbers: ['0033988776655'] }, { trackingNumbers: ['+33100000000'] }],
    ['users (agent id or name)', { users: ['Camille'] }, { users: ['agt_8'] }],
    ['sources', { sources: ['google / cpc'] }, { sources: ['bing / cpc'] }],
    ['tags (any of)', { tags: ['other', 'vip'] }, { tags: ['other'] }],
    ['statuses', { statuses: ['ANSWER' as const] }, { statuses: ['NOANSWER' as const] }],
    ['minDurationSec', { minDurationSec: 95 }, { minDurationSec: 96 }],
    ['maxDurationSec', { maxDurationSec: 95 }, { maxDurationSec: 94 }],
    ['minTalkTimeSec', { minTalkTimeSec: 80 }, { minTalkTimeSec: 81 }],
  ])('%s: matches and does not match', (_, matching, failing) => {
    expect(matchesFilters(matching, call)).toBe(true)
    expect(matchesFilters(failing, call)).toBe(false)
  })

  it('needs every given filter to match', () => {
    expect(matchesFilters({ accounts: ['acc_1'], minDurationSec: 30, tags: ['vip'] }, call)).toBe(true)
    expect(matchesFilters({ accounts: ['acc_1'], minDurationSec: 300, tags: ['vip'] }, call)).toBe(false)
  })

  it('does not match an event lacking the filtered field', () => {
    const sms = eventRecord({ type: 'sms:received', data: { id: 's1', body: 'hi' } })
    expect(matchesFilters({ minDurationSec: 0 }, sms)).toBe(false)
    expect(matchesFilters({ tags: ['vip'] }, sms)).toBe(false)
  })

  it('compares phone numbers by digits, without the international prefix', () => {
    expect(phoneKey('+33 (0)9.88')).toBe(phoneKey('0033 0988'))
  })
})
