import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { createWebhooks } from '@callhook/core'
import type { PortalHost } from '../host.js'
import { disabledReason } from '../views/status-icon.js'
import { eventDescriptions } from './event-descriptions.js'
import { fieldErrorText, problemText } from './server-messages.js'
import { translator } from './translate.js'

const hostIn = (lang: string) => ({ lang, t: translator(lang) }) as unknown as PortalHost

// Words the server sends in English: the portal says the ones it knows in the reader's language.
describe('the server’s words in the portal’s languages', () => {
  it('every built-in event type (operational ones included) has a French and a Russian description', async () => {
    const hooks = createWebhooks({ logger: { warn() {}, error() {} }, dispatch: false })
    const types = hooks.eventTypes.describe().map((t) => t.type)
    await hooks.close()
    expect(types).toContain('delivery:failed')
    for (const lang of ['fr', 'ru'] as const) expect(Object.keys(eventDescriptions[lang]).sort()).toEqual([...types].sort())
  })

  it('the reasons core gives for a disabled endpoint are translated; a host\'s own reason is shown as is', async () => {
    // a receiver answering 410 on /gone and 500 elsewhere; disableAfterFailingDays 0: the first failure disables
    const receiver = createServer((req, res) => res.writeHead(req.url === '/gone' ? 410 : 500).end())
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`
    let disabled = 0
    let bothDisabled!: () => void
    const done = new Promise<void>((resolve) => (bothDisabled = resolve))
    const hooks = createWebhooks({
      logger: { warn() {}, error() {} }, allowPrivateNetworks: true, retry: { delaysSeconds: [] }, disableAfterFailingDays: 0,
      onEndpointDisabled: () => void (++disabled === 2 && bothDisabled()),
    })
    try {
      const byUser = (await hooks.endpoints.update((await hooks.endpoints.create({ url: `${base}/off`, events: ['sms:sent'] })).id, { enabled: false })).disabledReason
      const goneEndpoint = await hooks.endpoints.create({ url: `${base}/gone`, events: ['call:completed'] })
      const failingEndpoint = await hooks.endpoints.create({ url: `${base}/down`, events: ['call:completed'] })
      await hooks.emit('call:completed', { id: 'c1' })
      await done
      const gone = (await hooks.endpoints.get(goneEndpoint.id)).disabledReason
      const failing = (await hooks.endpoints.get(failingEndpoint.id)).disabledReason

      expect(disabledReason(hostIn('fr'), byUser)).toBe('Désactivé par un utilisateur')
      expect(disabledReason(hostIn('ru'), gone)).toBe('Отключён: адрес ответил 410 Gone')
      expect(disabledReason(hostIn('ru'), failing)).toMatch(/^Отключён: все доставки с \d+ [а-я]+\.? \d{4} г\., \d\d:\d\d завершились ошибкой$/)
      expect(disabledReason(hostIn('en'), byUser)).toBe('Disabled by a user')
    } finally {
      await hooks.close()
      receiver.close()
    }
    expect(disabledReason(hostIn('fr'), 'Contract ended')).toBe('Désactivé: Contract ended')
    expect(disabledReason(hostIn('fr'), null)).toBe('Désactivé')
    expect(disabledReason(hostIn('en'), 'Disabled for non-payment')).toBe('Disabled for non-payment')
  })

  it('every validation message the endpoint API gives is said in French and Russian; English stays the server\'s', async () => {
    const hooks = createWebhooks({ logger: { warn() {}, error() {} }, dispatch: false })
    const url = 'https://crm.example.com/hooks'
    const bad: Array<Record<string, unknown>> = [
      { url: 'not a url' }, { url: 'http://10.0.0.1/hooks' }, { url, title: 'x'.repeat(300) }, { url, description: 'x'.repeat(5000) },
      { url, events: ['nope:x'] }, { url, events: [] }, { url, headers: { 'bad name': 'x' } }, { url, headers: { 'webhook-id': 'x' } }, { url, headers: { a: 'x\ny' } },
      { url, auth: { type: 'basic', username: 'a:b', password: 'x' } }, { url, auth: { type: 'bearer', token: '' } }, { url, timezone: 'Mars/Base' },
      { url, format: 'template', template: { body: '{{#a}}', contentType: 'text/plain' } }, { url, format: 'template' }, { url, template: { body: 'x', contentType: 'text/plain' } },
      { url, format: 'resource' }, { url, resourceUrl: 'https://b.example.com/{{id}}' }, { url, format: 'pixel', method: 'PUT' }, { url, method: 'GET' },
      { url, preset: 'magnetis', format: 'json' }, { url, retry: { delaysSeconds: [999_999_999] } }, { url, retry: { delaysSeconds: Array(100).fill(1) } },
      { url, timeoutMs: 0 }, { url, timeoutMs: 10_000_000 }, { url, rateLimitPerSecond: 0 }, { url, filters: { minDurationSec: -1 } },
      { url, filters: { trackingNumbers: 'x' } }, { url, filters: { statuses: ['WHAT'] } }, { url, secret: 'whsec_!!!!' }, { url, secret: 'short' },
      { url, signature: 'x' }, { url, unknown: 1 }, { url, enabled: 'no' },
    ]
    const messages = new Set<string>()
    try {
      for (const input of bad) {
        const error = await hooks.endpoints.create(input as never).then(() => null, (e: { errors?: Array<{ message: string }> }) => e)
        expect(error?.errors?.length, JSON.stringify(input)).toBeGreaterThan(0)
        for (const e of error!.errors!) messages.add(e.message)
      }
    } finally {
      await hooks.close()
    }
    expect(messages.size).toBeGreaterThan(25)
    for (const lang of ['fr', 'ru']) {
      const untranslated = [...messages].filter((m) => fieldErrorText(translator(lang), lang, m) === m)
      expect({ lang, untranslated }).toEqual({ lang, untranslated: [] })
    }
    for (const m of messages) expect(fieldErrorText(translator('en'), 'en', m)).toBe(m)
    const fr = (m: string) => fieldErrorText(translator('fr'), 'fr', m)
    expect(fr('Too big: expected number to be <=120000')).toBe('doit être inférieur ou égal à 120000')
    expect(fr('the magnetis preset sends format "form"')).toBe('le préréglage magnetis envoie le format « form »')
    expect(fieldErrorText(translator('ru'), 'ru', 'a host rule of its own')).toBe('a host rule of its own')
  })

  it('API problems are said in French and Russian by their code; the one conflict (a test send while the account is off) by its words', async () => {
    const hooks = createWebhooks({ logger: { warn() {}, error() {} }, dispatch: false })
    let conflict: { code: string; message: string }
    try {
      const endpoint = await hooks.endpoints.create({ url: 'https://crm.example.com/hooks' })
      await hooks.account.update({ webhooksEnabled: false })
      conflict = await hooks.endpoints.test(endpoint.id).then(() => ({ code: 'none', message: '' }), (e: { code: string; message: string }) => e)
    } finally {
      await hooks.close()
    }
    expect(conflict.code).toBe('conflict')
    expect(problemText(translator('fr'), 'fr', conflict.code, conflict.message)).toBe('Les webhooks sont désactivés pour ce compte : activez-les pour envoyer un test.')
    expect(problemText(translator('en'), 'en', conflict.code, conflict.message)).toBe(conflict.message)
    expect(problemText(translator('ru'), 'ru', 'not_found', 'Endpoint ep_1 not found')).toBe('Не найдено: удалено или принадлежит другому аккаунту.')
    expect(problemText(translator('fr'), 'fr', 'network', 'Failed to fetch')).toBe('Le serveur est injoignable (Failed to fetch).')
    expect(problemText(translator('fr'), 'fr', 'a_host_code', 'Quota exceeded')).toBe('Quota exceeded')
  })
})
