/** callhook demo on Express: `pnpm demo` (PORT, CALLHOOK_ALLOW_PRIVATE_NETWORKS). */
import express from 'express'
import { emit, verifyWebhook, webhooks } from '@callhook/express'
import { allowPrivateNetworks, closeOnSignals, demoStore, demoEndpoint, flakyAnswer, logVerified, port, printBanner, simulateCall } from '../../shared/demo-kit.js'
import { logger, meterProvider, metricsHandler } from './observability.js'

const store = demoStore((message, error) => logger.error({ err: error }, message))
const app = express()

// The REST API: endpoint CRUD, test sends, delivery log, replay, GET /webhooks/health. It
// configures the default instance, the one the module-level emit() uses. (Durable: SQLite, or
// PostgreSQL with DATABASE_URL.) Metrics go to the Prometheus exporter, logs to pino.
const api = webhooks({ allowPrivateNetworks, store: store.store, logger, telemetry: { meterProvider } })
app.use(api)
app.get('/metrics', metricsHandler)

// A call simulator: what the telephony side of a call-tracking platform does.
app.post('/simulate/call', express.json(), async (req, res) => {
  res.status(202).json(await simulateCall(api.hooks, req.body))
})
// Anywhere in app code, the module-level emit() works too:
app.post('/simulate/sms', async (_req, res) => {
  res.status(202).json(await emit('sms:received', { id: `sms_${Date.now()}`, from: '+33655443322', to: '+33988776655', body: 'Rappelez-moi' }))
})

// The receiving side, as your customer would write it.
const demo = await demoEndpoint(api.hooks)
app.post('/incoming', verifyWebhook({ secret: demo.secret }), (req, res) => {
  logVerified(req.webhook, req.webhookVerification?.scheme)
  res.sendStatus(204)
})
app.post('/flaky', express.raw({ type: '*/*' }), (req, res) => {
  const answer = flakyAnswer(req.headers['webhook-id'])
  res.status(answer.status).send(answer.body)
})

const server = app.listen(port, () => {
  printBanner('Express', demo.id, store.description)
  console.log(`  # observability: Prometheus metrics, readiness\n  curl -s localhost:${port}/metrics | grep ^callhook_\n  curl -s localhost:${port}/webhooks/health\n`)
})
closeOnSignals(async () => {
  server.close()
  await api.hooks.close()
})
