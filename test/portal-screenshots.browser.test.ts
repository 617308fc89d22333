import { statSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Page } from 'playwright-core'
import { sampleCall } from '@callhook/core'
import type { TestReply } from '@callhook/core/testing'
import { SCREENSHOTS, skipBrowserTests, startPortalRig, type PortalRig } from './helpers/portal-browser.js'

/** The analytics receiver is down; the others answer JSON. */
const reply = (request: { url: string }): TestReply =>
  request.url.startsWith('/analytics') ? { status: 503, body: 'upstream timeout' } : { status: 200, headers: { 'content-type': 'application/json' }, body: '{"received":true}' }

/** The README's screenshots, from a realistic account: one healthy endpoint, one failing, one disabled. */
describe.skipIf(skipBrowserTests)('portal screenshots for the README (docs/screenshots)', { timeout: 60_000 }, () => {
  let rig: PortalRig
  let crmId: string

  beforeAll(async () => {
    rig = await startPortalRig(reply)
    const crm = await rig.hooks.endpoints.create({ url: `${rig.receiver.url}/crm/calls`, title: 'CRM — calls', description: 'Creates a contact and an activity for every answered call.', events: ['call:completed', 'call:missed'], filters: { trackingNumbers: ['+33988776655'] } })
    const analytics = await rig.hooks.endpoints.create({ url: `${rig.receiver.url}/analytics/ingest?src={{data.source}}`, title: 'Analytics warehouse', events: ['*'] })
    const legacy = await rig.hooks.endpoints.create({ url: `${rig.receiver.url}/legacy/calltracking.php`, title: 'Legacy PHP receiver', preset: 'magnetis', events: ['call:completed'] })
    await rig.hooks.endpoints.update(legacy.id, { enabled: false })
    crmId = crm.id
    for (const status of ['ANSWER', 'ANSWER', 'NOANSWER', 'ANSWER']) await rig.hooks.emit(status === 'ANSWER' ? 'call:completed' : 'call:missed', sampleCall({ status }))
    await vi.waitFor(async () => {
      expect((await rig.hooks.endpoints.deliveries(analytics.id, { status: 'failed' })).data).toHaveLength(4)
      expect((await rig.hooks.endpoints.deliveries(crm.id, { status: 'succeeded' })).data).toHaveLength(4)
    }, { timeout: 10_000 })
  }, 60_000)
  afterAll(async () => {
    await rig?.close()
  })

  const shot = async (page: Page, name: string) => {
    await page.evaluate(`document.querySelector('callhook-portal').notice = ''`)
    const path = new URL(name, SCREENSHOTS).pathname
    await page.screenshot({ path, fullPage: true })
    expect(statSync(path).size).toBeGreaterThan(10_000)
  }

  it('endpoints, light and dark, in English and Russian', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await rig.open({ colorScheme })
      await expect.poll(() => page.getByRole('row').count()).toBe(4)
      await expect.poll(() => page.getByRole('row', { name: /Analytics warehouse/ }).textContent()).toMatch(/Failing since/)
      expect(await page.getByRole('row', { name: /Legacy PHP receiver/ }).textContent()).toContain('Disabled by a user')
      await expect.poll(() => page.getByRole('row', { name: /CRM — calls/ }).textContent()).toContain('4 succeeded')
      await shot(page, colorScheme === 'light' ? 'portal-endpoints.png' : 'portal-endpoints-dark.png')
      await page.context().close()
    }
    const ru = await rig.open({ query: 'lang=ru' })
    await expect.poll(() => ru.getByRole('row', { name: /Analytics warehouse/ }).textContent()).toMatch(/Ошибки с/)
    await shot(ru, 'portal-endpoints-ru.png')
    await ru.context().close()
  })

  it('the form with a server error beside its field, and the live request preview', async () => {
    const page = await rig.open()
    await page.getByRole('button', { name: 'New endpoint' }).click()
    await page.getByRole('textbox', { name: 'URL', exact: true }).fill('crm.example.com/hooks/calls?caller={{data.callerNumber}}')
    await page.getByRole('textbox', { name: 'Title', exact: true }).fill('Sales CRM')
    await page.getByRole('checkbox', { name: 'call:completed', exact: true }).check()
    await page.getByRole('button', { name: 'Save' }).click()
    await page.locator('#f-url-error').waitFor()
    expect(await page.getByRole('region', { name: 'Request preview' }).locator('pre').textContent()).toContain('POST crm.example.com/hooks/calls?caller=%2B33655443322')
    await shot(page, 'portal-form.png')
    // editing the field clears its stale error
    await page.getByRole('textbox', { name: 'URL', exact: true }).fill('https://crm.example.com/hooks/calls')
    expect(await page.locator('#f-url-error').count()).toBe(0)
    await page.context().close()
  })

  it('an endpoint after a test send, and a failed delivery with its attempt', async () => {
    const page = await rig.open()
    await page.getByRole('button', { name: 'CRM — calls' }).click()
    await page.getByRole('button', { name: 'Send test' }).click()
    await page.getByTestId('test-result').waitFor()
    await page.getByRole('button', { name: 'Refresh' }).click()
    await expect.poll(() => page.locator('section[part~="delivery-log"] tbody tr').count()).toBe(5)
    // the chart is re-read with the log: the test send's attempt counts, like the 4 deliveries' attempts
    const stats = (await (await fetch(`${rig.origin}/webhooks/endpoints/${crmId}/stats?bucket=hour`)).json()) as { buckets: Array<{ succeeded: number }> }
    expect(stats.buckets.reduce((n, b) => n + b.succeeded, 0)).toBe(5)
    const chart = page.getByRole('region', { name: 'Attempts and latency' })
    await expect.poll(() => chart.getByRole('img').first().getAttribute('aria-label')).toBe('Attempts over time: 5 succeeded, 0 failed')
    await shot(page, 'portal-endpoint.png')
    await page.getByRole('button', { name: 'All endpoints' }).click()
    await page.getByRole('button', { name: 'Analytics warehouse' }).click()
    await page.locator('section[part~="delivery-log"] tbody tr').first().getByRole('button').click()
    await page.getByRole('heading', { name: /Attempt 1/ }).waitFor()
    expect(await page.getByLabel('Response body').textContent()).toBe('upstream timeout')
    await shot(page, 'portal-delivery.png')
    await page.getByRole('button', { name: 'Event catalogue' }).click()
    await page.getByRole('heading', { name: 'call:completed' }).click()
    await page.getByLabel('Example payload of call:completed').waitFor()
    await shot(page, 'portal-catalogue.png')
    await page.context().close()
  })
})
