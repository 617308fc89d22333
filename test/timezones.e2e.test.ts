import { execFileSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWebhooks, type Webhooks } from '@callhook/core'
import { startTestReceiver, type ReceivedRequest, type TestReceiver } from '@callhook/core/testing'
import { phpAvailable } from './helpers/php.js'

let hooks: Webhooks
let r: TestReceiver
beforeAll(async () => {
  hooks = createWebhooks({ allowPrivateNetworks: true, logger: { warn() {}, error() {} }, retry: { delaysSeconds: [] } })
  r = await startTestReceiver()
})
afterAll(async () => {
  await hooks.close()
  await r.close()
})

const call = (id: string, startedAt: string) => ({ id, trackingNumber: '+33988776655', callerNumber: '+33655443322', status: 'ANSWER', durationSec: 60, startedAt })

/** One endpoint, the calls emitted in order; what the receiver got for each. */
async function receive(endpoint: Record<string, unknown>, calls: Array<Record<string, unknown>>): Promise<ReceivedRequest[]> {
  const ep = await hooks.endpoints.create({ url: `${r.url}/tz`, events: ['call:completed'], ...endpoint })
  const before = r.requests.length
  for (const data of calls) await hooks.emit('call:completed', data)
  await r.waitFor(before + calls.length)
  await hooks.endpoints.delete(ep.id)
  const got = r.requests.slice(before)
  return calls.map((c) => got.find((q) => q.text.includes(encodeURIComponent(String(c.id))) || q.text.includes(`"${String(c.id)}"`))!)
}

const magnetisDate = (q: ReceivedRequest) => new URLSearchParams(q.text).get('calltracking_event[date]')

describe('endpoint time zones: the dates presets write', () => {
  // Paris leaves summer time on 2026-10-25 at 01:00 UTC (03:00 CEST becomes 02:00 CET).
  const autumn = [call('c_before', '2026-10-24T22:30:00Z'), call('c_repeat1', '2026-10-25T00:30:00Z'), call('c_repeat2', '2026-10-25T01:30:00Z'), call('c_after', '2026-10-25T12:00:00Z')]

  it('a French receiver of the magnetis preset reads Paris time, on both sides of the change to winter time', async () => {
    const got = await receive({ preset: 'magnetis', timezone: 'Europe/Paris' }, autumn)
    expect(got.map(magnetisDate)).toEqual(['2026-10-25 00:30:00', '2026-10-25 02:30:00', '2026-10-25 02:30:00', '2026-10-25 13:00:00'])
  })

  it('a PHP receiver reading the magnetis date in Europe/Paris gets the instant back (outside the repeated hour)', async (ctx) => {
    if (!phpAvailable()) {
      if (process.env.CI === 'true') expect.fail('php is not on PATH')
      return ctx.skip()
    }
    const calls = [call('c_p1', '2026-10-24T22:30:00Z'), call('c_p2', '2026-10-25T12:00:00Z'), call('c_p3', '2026-03-29T01:00:00Z'), call('c_p4', '2026-07-14T08:15:30Z')]
    const got = await receive({ preset: 'magnetis', timezone: 'Europe/Paris' }, calls)
    const script = String.raw`
      date_default_timezone_set('Europe/Paris');
      foreach (json_decode(file_get_contents('php://stdin')) as $body) {
        parse_str($body, $post);
        $d = DateTime::createFromFormat('Y-m-d H:i:s', $post['calltracking_event']['date']);
        echo gmdate('Y-m-d\TH:i:s\Z', $d->getTimestamp()), "\n";
      }`
    const read = execFileSync('php', ['-r', script], { input: JSON.stringify(got.map((q) => q.text)) }).toString().trim().split('\n')
    expect(read).toEqual(calls.map((c) => String(c.startedAt).replace('.000', '')))
  })

  it('a Roistat receiver reads Moscow time (+04:00 before October 2014, +03:00 since)', async () => {
    const got = await receive({ preset: 'roistat', timezone: 'Europe/Moscow' }, [call('c_m1', '2019-09-01T10:00:00Z'), call('c_m2', '2014-07-01T12:00:00Z'), call('c_m3', '2026-12-31T22:30:00Z')])
    expect(got.map((q) => JSON.parse(q.text).date)).toEqual(['2019-09-01 13:00:00', '2014-07-01 16:00:00', '2027-01-01 01:30:00'])
  })

  it("CTM's called_at is on the endpoint's wall clock with its offset", async () => {
    const got = await receive({ preset: 'ctm', timezone: 'America/New_York' }, [call('c_n1', '2026-11-01T05:30:00Z'), call('c_n2', '2026-11-01T06:30:00Z')])
    expect(got.map((q) => JSON.parse(q.text).called_at)).toEqual(['2026-11-01 01:30 AM -04:00', '2026-11-01 01:30 AM -05:00'])
  })

  it('without a time zone the dates are UTC, as before', async () => {
    const [q] = await receive({ preset: 'magnetis' }, [call('c_u', '2026-10-25T01:30:00Z')])
    expect(magnetisDate(q!)).toBe('2026-10-25 01:30:00')
  })
})

describe('endpoint field timezone', () => {
  it('defaults to UTC, is shown, and can be changed', async () => {
    const ep = await hooks.endpoints.create({ url: `${r.url}/f` })
    expect(ep.timezone).toBe('UTC')
    expect((await hooks.endpoints.update(ep.id, { timezone: 'Europe/Paris' })).timezone).toBe('Europe/Paris')
    expect((await hooks.endpoints.get(ep.id)).timezone).toBe('Europe/Paris')
    await hooks.endpoints.delete(ep.id)
  })

  it('refuses a name that is not an IANA time zone, naming the field', async () => {
    for (const timezone of ['Europe/Pariss', '+03:00', 'MSK ', '']) {
      await expect(hooks.endpoints.create({ url: `${r.url}/f`, timezone })).rejects.toMatchObject({ code: 'validation_failed', errors: [expect.objectContaining({ field: 'timezone' })] })
    }
  })
})
