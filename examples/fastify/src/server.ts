/** callhook demo on Fastify: `pnpm demo:fastify` (PORT, CALLHOOK_ALLOW_PRIVATE_NETWORKS). */
import Fastify from 'fastify'
import { verifyWebhook, webhooks } from '@callhook/fastify'
import { allowPrivateNetworks, closeOnSignals, demoStore, demoEndpoint, flakyAnswer, logVerified, port, printBanner, simulateCall } from '../../shared/demo-kit.js'

const store = demoStore()
const app = Fastify()
await app.register(webhooks, { allowPrivateNetworks, store: store.store })
const demo = await demoEndpoint(app.webhooks)

app.post('/simulate/call', async (request, reply) => reply.code(202).send(await simulateCall(app.webhooks, request.body)))
app.post('/incoming', { preHandler: verifyWebhook({ secret: demo.secret }) }, async (request, reply) => {
  logVerified(request.webhook, request.webhookVerification?.scheme)
  return reply.code(204).send()
})
app.post('/flaky', async (request, reply) => {
  const answer = flakyAnswer(request.headers['webhook-id'])
  return reply.code(answer.status).send(answer.body)
})

await app.listen({ port, host: '0.0.0.0' })
printBanner('Fastify', demo.id, store.description)
closeOnSignals(async () => {
  await app.close()
  await app.webhooks.close()
})
