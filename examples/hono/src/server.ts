/** callhook demo on Hono, through @callhook/fetch: `pnpm demo:hono` (PORT, CALLHOOK_ALLOW_PRIVATE_NETWORKS). */
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { handleWebhook, webhooks } from '@callhook/fetch'
import { allowPrivateNetworks, closeOnSignals, demoStore, demoEndpoint, flakyAnswer, logVerified, port, printBanner, simulateCall } from '../../shared/demo-kit.js'

const store = demoStore()
// The REST API as a Web-standard handler, (Request) => Promise<Response>: the same one serves
// Next.js route handlers, Bun.serve and Deno.serve. It configures the default instance.
const api = webhooks({ allowPrivateNetworks, store: store.store })
const demo = await demoEndpoint(api.hooks)

const app = new Hono()
app.all('/webhooks/*', (c) => api(c.req.raw))

// A call simulator: what the telephony side of a call-tracking platform does.
app.post('/simulate/call', async (c) => c.json(await simulateCall(api.hooks, await c.req.json().catch(() => ({}))), 202))

// The receiving side, as your customer would write it: verified before the handler runs.
app.post('/incoming', (c) => receive(c.req.raw))
const receive = handleWebhook({ secret: demo.secret }, ({ event, scheme }) => {
  logVerified(event, scheme)
  return new Response(null, { status: 204 })
})
app.post('/flaky', (c) => {
  const answer = flakyAnswer(c.req.header('webhook-id'))
  return new Response(answer.body, { status: answer.status })
})

const server = serve({ fetch: app.fetch, port, hostname: '0.0.0.0' }, () => printBanner('Hono', demo.id, store.description))
closeOnSignals(async () => {
  server.close()
  await api.hooks.close()
})
