import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import express from 'express'
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core'
import { createWebhooks, type Webhooks } from '@callhook/core'
import { startTestReceiver, type TestReceiver, type TestReply, type ReceivedRequest } from '@callhook/core/testing'
import { webhooks } from '@callhook/express'
import { PORTAL_CSP, portalAssets } from '@callhook/portal/server'
import { listen } from './servers.js'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']

/** Without Chromium the browser tests skip on a workstation, and fail under CI=true. */
export const skipBrowserTests = !existsSync(CHROMIUM_PATH) && process.env.CI !== 'true'

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`No Chromium at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) or set CHROMIUM_PATH; the portal's browser tests need it`)
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS })
}

export interface PortalRig {
  hooks: Webhooks
  receiver: TestReceiver
  /** The server's origin: http://127.0.0.1:port */
  origin: string
  portalUrl: string
  browser: Browser
  /** A page on the portal; it fails the test on any console error or CSP violation. */
  /** `url`: a full URL (a portal link) instead of the portal with `query`; every call is a fresh context (no cookies). */
  open(options?: BrowserContextOptions & { query?: string; url?: string }): Promise<Page>
  /** Console errors and CSP violations seen by every opened page. */
  problems: string[]
  close(): Promise<void>
}

/**
 * A real Express server with callhook's REST API, the portal page and its assets all served by
 * `webhooks({ hooks })` under /webhooks, a real receiver, and Chromium.
 */
export async function startPortalRig(reply: TestReply | ((request: ReceivedRequest, index: number) => TestReply), options: { tenantCookie?: boolean } = {}): Promise<PortalRig> {
  const hooks = createWebhooks({ portal: { linkSecret: 'the browser tests\' portal link secret, 32+ bytes' }, allowPrivateNetworks: true, retry: { delaysSeconds: [], jitter: 0 }, logger: { warn() {}, error() {} } })
  const receiver = await startTestReceiver(reply)
  const app = express()
  // with tenantCookie, the host's "session" is a cookie naming the account (no cookie: 401)
  const tenant = options.tenantCookie ? (req: express.Request) => /(?:^|;\s*)tenant=([^;]+)/.exec(req.headers.cookie ?? '')?.[1] : undefined
  app.use(webhooks({ hooks, ...(tenant ? { tenant } : {}) }))
  // a host's own page embedding the element (themed) and linking to the standalone page, under the same strict CSP
  app.get('/host-app', (_req, res) => {
    res.setHeader('content-security-policy', PORTAL_CSP)
    res.type('html').send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host app</title>
<script type="module" src="/webhooks/portal/assets/${portalAssets().script}"></script></head>
<body><main><h1>Acme call tracking</h1><a href="/webhooks/portal">Open the webhooks portal</a>
<callhook-portal api="/webhooks" lang="en" theme="dark"></callhook-portal></main></body></html>`)
  })
  const server = await listen(app)
  const browser = await launchChromium()
  const problems: string[] = []
  const portalUrl = `${server.url}/webhooks/portal`
  return {
    hooks, receiver, origin: server.url, portalUrl, browser, problems,
    async open({ query = 'lang=en', url, ...options } = {}) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options })
      const page = await context.newPage()
      page.on('console', (message) => {
        // 4xx answers of the API (a validation error, stats not there yet) are expected, not problems
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`)
      })
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
      await page.addInitScript('document.addEventListener("securitypolicyviolation", (e) => console.error("CSP violation: " + e.violatedDirective + " " + e.blockedURI))')
      await page.goto(url ?? `${portalUrl}${query ? `?${query}` : ''}`)
      return page
    },
    async close() {
      await browser.close()
      await server.close()
      await receiver.close()
      await hooks.close()
    },
  }
}

const require = createRequire(import.meta.url)
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

/** axe-core's serious and critical violations on the page as it is now (shadow DOM included). */
export async function seriousViolations(page: Page): Promise<Array<{ id: string; impact: string; targets: string[] }>> {
  // evaluated through the DevTools protocol, so the page's CSP (no inline scripts) does not apply
  await page.evaluate(axeSource)
  const violations = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => JSON.stringify(n.target)) })))`)) as Array<{ id: string; impact: string; targets: string[] }>
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}

export const SCREENSHOTS = new URL('../../docs/screenshots/', import.meta.url)
