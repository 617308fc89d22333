import express from 'express'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { closeDefaultWebhooks, defaultWebhooks } from '@callhook/core'
import { startTestReceiver } from '@callhook/core/testing'
import { emit, webhooks } from '@callhook/express'
import { api, listen } from './helpers/servers.js'

// This file owns the process-wide default instance (vitest runs each file in its own worker).
afterAll(() => closeDefaultWebhooks())

describe('the default instance', () => {
  it('app.use(webhooks()) and the module-level emit() share it; the memory store warns once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const app = express()
    app.use(webhooks({ allowPrivateNetworks: true }))
    app.use(webhooks({ path: '/again' })) // path only: same default instance, no second warning
    const server = await listen(app)
    const receiver = await startTestReceiver()
    try {
      expect(warn).toHaveBeenCalledTimes(1)
      expect(String(warn.mock.calls[0]![0])).toMatch(/in-memory store.*Pass a durable store/)
      const created = await api(server.url, 'POST', '/webhooks/endpoints', { url: receiver.url, events: ['call:completed'] })
      expect((await api(server.url, 'GET', '/again/endpoints')).json.data.map((e: { id: string }) => e.id)).toEqual([created.json.id])
      const { eventId, deliveries } = await emit('call:completed', { id: 'call_default' })
      expect(deliveries).toBe(1)
      const [request] = await receiver.waitFor(1)
      expect(request!.headers['webhook-id']).toBe(eventId)
      expect(() => webhooks({ timeoutMs: 1000 })).toThrow(/default instance already exists/)
      expect(defaultWebhooks()).toBe(defaultWebhooks())
    } finally {
      warn.mockRestore()
      await receiver.close()
      await server.close()
    }
  })
})
