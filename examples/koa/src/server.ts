/** callhook demo on Koa: `pnpm demo:koa` (PORT, CALLHOOK_ALLOW_PRIVATE_NETWORKS). */
import Koa from 'koa'
import { readJsonBody } from '@callhook/core/adapter'
import { verifyWebhook, webhooks } from '@callhook/koa'
import { allowPrivateNetworks, closeOnSignals, demoStore, demoEndpoint, flakyAnswer, logVerified, port, printBanner, simulateCall } from '../../shared/demo-kit.js'

const store = demoStore()
const app = new Koa()
const api = webhooks({ allowPrivateNetworks, store: store.store })
const demo = await demoEndpoint(api.hooks)
const verify = verifyWebhook({ secret: demo.secret })

app.use(api)
app.use(async (ctx, next) => {
  if (ctx.method !== 'POST') return next()
  switch (ctx.path) {
    case '/simulate/call':
      ctx.status = 202
      ctx.body = await simulateCall(api.hooks, await readJsonBody(ctx.req, ctx.headers, 64 * 1024))
      return
    case '/incoming':
      return verify(ctx, async () => {
        logVerified(ctx.state.webhook, ctx.state.webhookVerification?.scheme)
        ctx.status = 204
      })
    case '/flaky': {
      const answer = flakyAnswer(ctx.get('webhook-id'))
      ctx.status = answer.status
      ctx.body = answer.body
      return
    }
    default:
      return next()
  }
})

const server = app.listen(port, () => printBanner('Koa', demo.id, store.description))
closeOnSignals(async () => {
  server.close()
  await api.hooks.close()
})
