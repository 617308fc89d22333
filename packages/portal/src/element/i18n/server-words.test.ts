import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { createWebhooks } from '@callhook/core'
import type { PortalHost } from '../host.js'
import { disabledReason } from '../views/status-icon.js'
import { eventDescriptions } from './event-descriptions.js'
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
})
