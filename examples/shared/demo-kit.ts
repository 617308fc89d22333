/**
 * What the three demos share, framework-free: settings from the environment, the call simulator,
 * the flaky receiver's answers, and the banner with curl lines.
 */
import { sampleCall, type Store, type Webhooks } from '@callhook/core'
import { PostgresStore } from '@callhook/postgres'
import { SqliteStore } from '@callhook/sqlite'

export const port = Number(process.env.PORT ?? 3000)
export const base = `http://localhost:${port}`
export const allowPrivateNetworks = process.env.CALLHOOK_ALLOW_PRIVATE_NETWORKS !== '0'

/** PostgreSQL when DATABASE_URL is set (schema CALLHOOK_PG_SCHEMA), else SQLite at CALLHOOK_DB. */
export function demoStore(logError?: (message: string, error: unknown) => void): { store: Store; description: string } {
  if (process.env.DATABASE_URL) {
    const schema = process.env.CALLHOOK_PG_SCHEMA ?? 'callhook'
    return { store: new PostgresStore({ connectionString: process.env.DATABASE_URL, schema, ...(logError ? { logError } : {}) }), description: `PostgreSQL (DATABASE_URL, schema ${schema})` }
  }
  const filename = process.env.CALLHOOK_DB ?? '.data/callhook.db'
  return { store: new SqliteStore({ filename }), description: `SQLite at ${filename} (set DATABASE_URL for PostgreSQL)` }
}

/** Emits call:ringing then call:completed for one realistic call, as telephony would. */
export async function simulateCall(hooks: Webhooks, overrides: unknown) {
  const call = sampleCall(typeof overrides === 'object' && overrides !== null ? (overrides as Record<string, unknown>) : {})
  const accountId = call.accountId as string
  const ringing = await hooks.emit('call:ringing', { ...call, status: null, durationSec: 0, talkTimeSec: 0, recordingUrl: null }, { accountId })
  const completed = await hooks.emit('call:completed', call, { accountId })
  return { call: call.id, ringing, completed }
}

/** The demo's own receiving endpoint, pointed at this app's /incoming: found again after a restart, else created. */
export async function demoEndpoint(hooks: Webhooks): Promise<{ id: string; secret: string }> {
  const url = `${base}/incoming`
  for (let cursor: string | undefined; ;) {
    const page = await hooks.endpoints.list({ limit: 250, cursor })
    const found = page.data.find((e) => e.url === url)
    if (found) return { id: found.id, secret: (await hooks.endpoints.secret(found.id)).secret }
    if (!page.nextCursor) break
    cursor = page.nextCursor
  }
  return hooks.endpoints.create({ title: 'Demo receiver (this app)', url, events: ['call:ringing', 'call:completed', 'call:missed'] })
}

export function logVerified(event: unknown, scheme: string | undefined): void {
  const e = event as { type: string; data: { id: string } }
  console.log(`  <- /incoming verified ${e.type} ${e.data.id} (${scheme} signature)`)
}

const flakySeen = new Map<string, number>()
/** /flaky fails the first two attempts of each event, then succeeds: retries to watch. */
export function flakyAnswer(webhookId: unknown): { status: number; body: string } {
  const id = String(webhookId)
  const seen = (flakySeen.get(id) ?? 0) + 1
  flakySeen.set(id, seen)
  console.log(`  <- /flaky attempt ${seen} for ${id}: ${seen <= 2 ? '500' : '200'}`)
  return seen <= 2 ? { status: 500, body: 'flaky: try again' } : { status: 200, body: 'flaky: got it' }
}

export function printBanner(framework: string, demoEndpointId: string, storeDescription: string): void {
  console.log(`
callhook demo (${framework}) on ${base}
  Portal              ${base}/webhooks/portal   (?lang=fr, ?lang=ru)
  REST API            ${base}/webhooks
  store               ${storeDescription}
  demo endpoint       ${demoEndpointId} -> ${base}/incoming (signature verified there)
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
  curl -s -X POST ${base}/webhooks/endpoints/${demoEndpointId}/test -H 'content-type: application/json' -d '{"type":"call:missed"}'
`)
}

/** SIGINT/SIGTERM: stop accepting, finish deliveries in flight, exit. */
export function closeOnSignals(close: () => Promise<unknown>): void {
  const shutdown = async (signal: string) => {
    console.log(`${signal}: finishing deliveries in flight…`)
    await close()
    process.exit(0)
  }
  process.once('SIGINT', () => void shutdown('SIGINT'))
  process.once('SIGTERM', () => void shutdown('SIGTERM'))
}
