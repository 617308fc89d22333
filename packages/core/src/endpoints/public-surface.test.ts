import { afterEach, describe, expect, it } from 'vitest'
import { startTestReceiver, type TestReceiver } from '../testing/receiver.js'
import { createWebhooks, type Webhooks } from '../webhooks.js'

let hooks: Webhooks
let receiver: TestReceiver | undefined
afterEach(async () => {
  await hooks.close()
  await receiver?.close()
  receiver = undefined
})

function methodNames(object: object): string[] {
  const names = new Set<string>()
  for (let o: object | null = object; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const key of Object.getOwnPropertyNames(o)) if (key !== 'constructor' && typeof (object as Record<string, unknown>)[key] === 'function') names.add(key)
  }
  return [...names].sort()
}

describe('hooks.endpoints', () => {
  it('has exactly the REST operations: no record() handing out the stored secrets', () => {
    hooks = createWebhooks({ logger: { warn() {}, error() {} } })
    expect(methodNames(hooks.endpoints)).toEqual(['create', 'delete', 'deliveries', 'details', 'get', 'list', 'replay', 'rotateSecret', 'secret', 'stats', 'test', 'update'])
    // @ts-expect-error record() is not part of the public surface
    expect(hooks.endpoints.record).toBeUndefined()
  })

  it('shows a secret only from create, secret() and rotateSecret()', async () => {
    hooks = createWebhooks({ allowPrivateNetworks: true, logger: { warn() {}, error() {} } })
    receiver = await startTestReceiver()
    const created = await hooks.endpoints.create({ url: `${receiver.url}/hook` })
    const rotated = await hooks.endpoints.rotateSecret(created.id, { graceSeconds: 60 })
    expect((await hooks.endpoints.secret(created.id)).previousSecrets[0]!.secret).toBe(created.secret)
    const answers = [
      await hooks.endpoints.get(created.id), await hooks.endpoints.details(created.id), await hooks.endpoints.list(),
      await hooks.endpoints.update(created.id, { title: 'CRM' }), await hooks.endpoints.test(created.id), await hooks.endpoints.deliveries(created.id),
    ]
    expect(answers[4]).toMatchObject({ success: true })
    for (const answer of answers) {
      expect(JSON.stringify(answer)).not.toContain(created.secret)
      expect(JSON.stringify(answer)).not.toContain(rotated.secret)
    }
  })
})
