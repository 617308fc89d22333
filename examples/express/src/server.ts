/**
 * callhook demo on Express: the REST API under /webhooks, a call simulator, and two receiving
 * routes (one verifies signatures, one fails twice before succeeding to show retries).
 *
 *   pnpm demo            PORT=3000 by default
 */
import express from 'express'
import { sampleCall } from '@callhook/core'
import { emit, verifyWebhook, webhooks } from '@callhook/express'

const port = Number(process.env.PORT ?? 3000)
const base = `http://localhost:${port}`
const allowPrivateNetworks = process.env.CALLHOOK_ALLOW_PRIVATE_NETWORKS !== '0'

const app = express()

// The REST API: endpoint CRUD, test sends, delivery log, replay. It configures the default
// instance, which the module-level emit() below uses. (Memory store: see the README for durable ones.)
const api = webhooks({ allowPrivateNetworks })
app.use(api)

// A call simulator: what a call-tracking platform's telephony side would do.
app.post('/simulate/call', express.json(), async (req, res) => {
  const call = sampleCall(typeof req.body === 'object' && req.body ? req.body : {})
  const ringing = await emit('call:ringing', { ...call, status: null, durationSec: 0, talkTimeSec: 0 }, { accountId: call.accountId as string })
  const completed = await emit('call:completed', call, { accountId: call.accountId as string })
  res.status(202).json({ call: call.id, ringing, completed })
})

// The receiving side, as your customer would write it.
const demo = await api.hooks.endpoints.create({
  title: 'Demo receiver (this app)',
  url: `${base}/incoming`,
  events: ['call:completed', 'call:missed'],
})
app.post('/incoming', verifyWebhook({ secret: demo.secret }), (req, res) => {
  const event = req.webhook as { type: string; data: { id: string; durationSec?: number } }
  console.log(`  <- /incoming verified ${event.type} ${event.data.id} (${req.webhookVerification?.scheme} signature)`)
  res.sendStatus(204)
})

const failures = new Map<string, number>()
app.post('/flaky', express.raw({ type: '*/*' }), (req, res) => {
  const id = String(req.headers['webhook-id'])
  const seen = (failures.get(id) ?? 0) + 1
  failures.set(id, seen)
  console.log(`  <- /flaky attempt ${seen} for ${id}: ${seen <= 2 ? '500' : '200'}`)
  if (seen <= 2) res.status(500).send('flaky: try again')
  else res.send('flaky: got it')
})

const server = app.listen(port, () => {
  console.log(`
callhook demo on ${base}
  REST API            ${base}/webhooks
  demo endpoint       ${demo.id} -> ${base}/incoming (signature verified there)
  private networks    ${allowPrivateNetworks ? 'allowed (set CALLHOOK_ALLOW_PRIVATE_NETWORKS=0 to refuse)' : 'refused'}

Try it:
  # a call: call:ringing then call:completed, delivered signed to /incoming
  curl -s -X POST ${base}/simulate/call -H 'content-type: application/json' -d '{"durationSec":95}'

  # your own endpoint, with quick retries, that fails twice before it succeeds
  curl -s -X POST ${base}/webhooks/endpoints -H 'content-type: application/json' \\
    -d '{"title":"Flaky CRM","url":"${base}/flaky","events":["call:completed"],"retry":{"delaysSeconds":[2,4,8]}}'
  curl -s -X POST ${base}/simulate/call

  # the delivery log (take an endpoint id from the list), then one delivery with every attempt
  curl -s ${base}/webhooks/endpoints
  curl -s "${base}/webhooks/endpoints/<endpoint id>/deliveries?status=succeeded"
  curl -s ${base}/webhooks/deliveries/<delivery id>

  # a test send, answered with the endpoint's status and body
  curl -s -X POST ${base}/webhooks/endpoints/${demo.id}/test -H 'content-type: application/json' -d '{"type":"call:missed"}'
`)
})

async function shutdown(signal: string): Promise<void> {
  console.log(`${signal}: finishing deliveries in flight…`)
  server.close()
  await api.hooks.close()
  process.exit(0)
}
process.once('SIGINT', () => void shutdown('SIGINT'))
process.once('SIGTERM', () => void shutdown('SIGTERM'))
