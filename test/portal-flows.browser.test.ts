import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { sampleCall } from '@callhook/core'
import type { TestReply } from '@callhook/core/testing'
import { skipBrowserTests, startPortalRig, type PortalRig } from './helpers/portal-browser.js'

/** The receiver: 500 for calls tagged FAIL-ME, JSON otherwise. */
const reply = (request: { text: string }): TestReply =>
  request.text.includes('FAIL-ME') ? { status: 500, body: 'receiver is down' } : { status: 200, headers: { 'content-type': 'application/json' }, body: '{"received":true,"by":"crm"}' }

describe.skipIf(skipBrowserTests)('portal in Chromium: the main flows against a real server and receiver', { timeout: 60_000 }, () => {
  let rig: PortalRig
  let page: Page
  let endpointId: string

  beforeAll(async () => {
    rig = await startPortalRig(reply)
    page = await rig.open()
  }, 60_000)
  afterAll(async () => {
    await rig?.close()
  })


  it('creates an endpoint through the form, after showing the server’s validation error beside the URL field', async () => {
    await page.getByRole('button', { name: 'New endpoint' }).click()
    const url = page.getByRole('textbox', { name: 'URL', exact: true })
    await url.fill('not a url')
    await page.getByRole('textbox', { name: 'Title', exact: true }).fill('CRM calls')
    await page.getByRole('checkbox', { name: 'call:completed', exact: true }).check()
    await page.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => url.getAttribute('aria-invalid')).toBe('true')
    const describedBy = (await url.getAttribute('aria-describedby')) ?? ''
    expect(describedBy).toContain('f-url-error')
    await expect.poll(() => page.locator('#f-url-error').textContent()).toMatch(/http\(s\) URL/)

    await url.fill(`${rig.receiver.url}/hooks/calls`)
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByRole('heading', { name: 'CRM calls', level: 2 }).waitFor()
    const { data } = await rig.hooks.endpoints.list()
    expect(data).toHaveLength(1)
    expect(data[0]).toMatchObject({ title: 'CRM calls', url: `${rig.receiver.url}/hooks/calls`, events: ['call:completed'] })
    endpointId = data[0]!.id
  })

  it('in French, the server’s validation error beside the field is French too', async () => {
    const fr = await rig.open({ query: 'lang=fr' })
    try {
      await fr.getByRole('button', { name: 'Nouveau point de terminaison' }).click()
      await fr.getByRole('textbox', { name: 'URL', exact: true }).fill('pas une url')
      await fr.getByRole('button', { name: 'Enregistrer' }).click()
      await expect.poll(() => fr.locator('#f-url-error').textContent()).toContain('doit être une URL http(s) absolue')
      expect(await fr.locator('#form-problem').textContent()).toContain('Certains champs ne sont pas valides')
    } finally {
      await fr.context().close()
    }
  })

  it('sends a test and shows what the receiver answered', async () => {
    const before = rig.receiver.requests.length
    await page.getByRole('button', { name: 'Send test' }).click()
    const result = page.getByTestId('test-result')
    await result.waitFor()
    expect(await result.textContent()).toContain('HTTP 200')
    expect(await page.getByLabel('Response body').textContent()).toContain('"by": "crm"')
    expect(rig.receiver.requests.length).toBe(before + 1)
  })

  it('shows a delivery arriving in the log, filters it by status and period, and opens its attempt', async () => {
    await rig.hooks.emit('call:completed', sampleCall({ tags: ['vip'] }))
    await rig.hooks.emit('call:completed', sampleCall({ tags: ['FAIL-ME'] }))
    await expect.poll(async () => (await rig.hooks.endpoints.deliveries(endpointId, { status: 'failed' })).data.length).toBe(1)
    const log = page.locator('section[part~="delivery-log"]')
    const rows = log.locator('tbody tr')
    await expect.poll(async () => {
      await log.getByRole('button', { name: 'Refresh' }).click()
      return rows.count()
    }).toBe(3) // the test send and the two emitted events

    await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Failed' })
    await expect.poll(() => rows.count()).toBe(1)
    expect(await rows.first().textContent()).toContain('500')
    await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Succeeded' })
    await expect.poll(() => rows.count()).toBe(2)

    await page.getByRole('combobox', { name: 'Period' }).selectOption({ label: 'Custom…' })
    await page.getByRole('textbox', { name: 'From', exact: true }).fill('2001-01-01 00:00')
    await page.getByRole('textbox', { name: 'To', exact: true }).fill('2001-01-02 00:00')
    await page.getByRole('textbox', { name: 'To', exact: true }).press('Enter')
    await page.getByRole('textbox', { name: 'To', exact: true }).blur()
    await expect.poll(() => rows.count()).toBe(0)
    await page.getByRole('combobox', { name: 'Period' }).selectOption({ label: 'Last hour' })
    await expect.poll(() => rows.count()).toBe(2)
    await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'All' })
    await expect.poll(() => rows.count()).toBe(3)

    await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Failed' })
    await expect.poll(() => rows.count()).toBe(1)
    await rows.first().getByRole('button').click()
    await page.getByRole('heading', { name: /Attempt 1/ }).waitFor()
    const requestBody = await page.getByLabel('Request body').textContent()
    expect(requestBody).toContain('"type": "call:completed"')
    expect(requestBody).toContain('FAIL-ME')
    expect(await page.getByLabel('Response body').textContent()).toBe('receiver is down')

    const attempts = rig.receiver.requests.length
    await page.getByRole('button', { name: 'Redeliver' }).click()
    await expect.poll(() => rig.receiver.requests.length).toBe(attempts + 1)
  })

  it('shows new deliveries by itself: the endpoint screen re-reads its log every 10 seconds', async () => {
    const watcher = await rig.browser.newPage()
    await watcher.clock.install()
    await watcher.goto(`${rig.portalUrl}?lang=en`)
    await watcher.getByRole('button', { name: 'CRM calls' }).click()
    const rows = watcher.locator('section[part~="delivery-log"] tbody tr')
    await expect.poll(() => rows.count()).toBe(3)
    await rig.hooks.emit('call:completed', sampleCall())
    await expect.poll(async () => (await rig.hooks.endpoints.deliveries(endpointId, { status: 'succeeded' })).data.length).toBe(3)
    await watcher.clock.runFor(9_000)
    expect(await rows.count()).toBe(3)
    await watcher.clock.runFor(1_000)
    await expect.poll(() => rows.count()).toBe(4)
    await watcher.close()
  })

  it('replays failed deliveries since a date', async () => {
    await page.getByRole('button', { name: 'Back to the endpoint' }).click()
    const failed = rig.receiver.requests.filter((r) => r.text.includes('FAIL-ME')).length
    await page.getByRole('button', { name: 'Replay failed' }).click()
    await expect.poll(() => rig.receiver.requests.filter((r) => r.text.includes('FAIL-ME')).length).toBe(failed + 1)
    await expect.poll(() => page.getByText('1 failed deliveries queued again.').count()).toBe(1)
  })

  it('reads and writes dates in the browser’s time zone (Asia/Tokyo here): replay since 24 h ago, a custom period', async () => {
    const tokyo = await rig.open({ timezoneId: 'Asia/Tokyo' })
    try {
      await tokyo.getByRole('button', { name: 'CRM calls' }).click()
      const since = tokyo.getByRole('textbox', { name: 'Replay failed deliveries since' })
      await since.waitFor()
      const dayAgo = Date.now() - 86_400_000
      const shown = await since.inputValue() // e.g. 2026-12-06 01:30, Tokyo time
      expect(shown).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/)
      expect(Math.abs(Date.parse(`${shown.replace(' ', 'T')}:00+09:00`) - dayAgo)).toBeLessThan(120_000)
      const replay = tokyo.waitForRequest((r) => r.url().endsWith('/replay'))
      await tokyo.getByRole('button', { name: 'Replay failed' }).click()
      expect(Math.abs(Date.parse(JSON.parse((await replay).postData()!).since) - dayAgo)).toBeLessThan(120_000)

      await tokyo.getByRole('combobox', { name: 'Period' }).selectOption('custom')
      const log = tokyo.waitForRequest((r) => r.url().includes('/deliveries?') && r.url().includes('from='))
      await tokyo.getByRole('textbox', { name: 'From', exact: true }).fill('2026-03-14 09:00')
      await tokyo.getByRole('textbox', { name: 'From', exact: true }).press('Enter')
      await tokyo.getByRole('textbox', { name: 'From', exact: true }).blur()
      expect(new URL((await log).url()).searchParams.get('from')).toBe('2026-03-14T00:00:00.000Z')
    } finally {
      await tokyo.context().close()
    }
  })

  it('decodes a form body (Magnétis preset) into its fields', async () => {
    const form = await rig.hooks.endpoints.create({ url: `${rig.receiver.url}/form`, title: 'PHP receiver', preset: 'magnetis', events: ['call:completed'] })
    const other = await rig.open()
    await other.getByRole('button', { name: 'PHP receiver' }).click()
    await other.getByRole('button', { name: 'Send test' }).click()
    await other.getByTestId('test-result').getByText('Request', { exact: true }).click()
    const fields = other.getByRole('table', { name: 'Form fields, decoded' })
    await fields.waitFor()
    expect(await fields.getByRole('row', { name: /calltracking_event\[callingNumber\]/ }).textContent()).toContain('0033655443322')
    await other.context().close()
    await rig.hooks.endpoints.delete(form.id)
  })

  it('edits the endpoint: the form comes back filled in, and only what changed changes', async () => {
    await page.getByRole('button', { name: 'Edit' }).click()
    const title = page.getByRole('textbox', { name: 'Title', exact: true })
    await expect.poll(() => title.inputValue()).toBe('CRM calls')
    expect(await page.getByRole('checkbox', { name: 'call:completed', exact: true }).isChecked()).toBe(true)
    await title.fill('CRM — calls')
    await page.getByText('Filters').click()
    await page.getByRole('textbox', { name: 'Tracking numbers' }).fill('+33988776655, 0033 1 44 55 66 77')
    await page.getByText('Headers, authentication, retries').click()
    const headers = page.getByRole('textbox', { name: 'Headers', exact: true })
    await headers.fill('X-Api-Key: k1\nWebhook-Signature: forged')
    await page.getByRole('button', { name: 'Save' }).click()
    // a nested server error (headers.Webhook-Signature) lands beside the Headers field
    await expect.poll(() => headers.getAttribute('aria-invalid')).toBe('true')
    expect(await page.locator('#f-headers-error').textContent()).toContain('(headers.Webhook-Signature)')
    expect((await rig.hooks.endpoints.get(endpointId)).title).toBe('CRM calls')
    await headers.fill('X-Api-Key: k1')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByRole('heading', { name: 'CRM — calls', level: 2 }).waitFor()
    expect(await rig.hooks.endpoints.get(endpointId)).toMatchObject({
      title: 'CRM — calls', url: `${rig.receiver.url}/hooks/calls`, events: ['call:completed'], filters: { trackingNumbers: ['+33988776655', '0033 1 44 55 66 77'] }, headers: { 'X-Api-Key': 'k1' },
    })
  })

  it('reveals and rotates the secret, showing the grace period of the old one', async () => {
    const secret = page.getByTestId('secret')
    expect(await secret.textContent()).toContain('•')
    await page.getByRole('button', { name: 'Reveal secret' }).click()
    const original = (await rig.hooks.endpoints.secret(endpointId)).secret
    await expect.poll(() => secret.textContent()).toBe(original)
    await page.getByRole('button', { name: 'Rotate secret' }).click()
    await expect.poll(async () => (await rig.hooks.endpoints.secret(endpointId)).secret).not.toBe(original)
    const rotated = await rig.hooks.endpoints.secret(endpointId)
    await expect.poll(() => secret.textContent()).toBe(rotated.secret)
    expect(rotated.previousSecrets.map((p) => p.secret)).toEqual([original])
    await expect.poll(() => page.getByText(/previous secret keeps signing until/).count()).toBeGreaterThan(0)
  })

  it('switches an endpoint off and on from the list', async () => {
    await page.getByRole('button', { name: 'All endpoints' }).click()
    const enabled = page.getByRole('row', { name: /CRM — calls/ }).getByRole('checkbox', { name: 'Enabled' })
    await expect.poll(() => enabled.isChecked()).toBe(true)
    await enabled.uncheck()
    await expect.poll(async () => (await rig.hooks.endpoints.get(endpointId)).enabled).toBe(false)
    await expect.poll(() => page.getByRole('row', { name: /CRM — calls/ }).textContent()).toContain('Disabled')
    await enabled.check()
    await expect.poll(async () => (await rig.hooks.endpoints.get(endpointId)).enabled).toBe(true)
    expect(rig.problems).toEqual([])
  })

  it('has links: a deep link opens an endpoint, and Back returns to the previous screen', async () => {
    const linked = await rig.browser.newPage()
    await linked.goto(`${rig.portalUrl}?lang=en#/endpoints/${endpointId}`)
    await linked.getByRole('heading', { name: 'CRM — calls', level: 2 }).waitFor()
    await linked.locator('section[part~="delivery-log"] tbody tr').first().getByRole('button').click()
    await linked.getByRole('heading', { name: /Attempt 1/ }).waitFor()
    expect(new URL(linked.url()).hash).toMatch(new RegExp(`^#/endpoints/${endpointId}/deliveries/dlv_`))
    await linked.goBack()
    await linked.getByRole('heading', { name: 'CRM — calls', level: 2 }).waitFor()
    await linked.getByRole('button', { name: 'Event catalogue' }).click()
    await linked.waitForURL(/#\/event-types$/)
    await linked.close()
  })

  it('deletes an endpoint after the user confirms', async () => {
    const doomed = await rig.hooks.endpoints.create({ url: `${rig.receiver.url}/old`, title: 'Old receiver' })
    await page.reload()
    await page.getByRole('button', { name: 'Old receiver' }).click()
    page.once('dialog', (dialog) => void dialog.dismiss())
    await page.getByRole('button', { name: 'Delete' }).click()
    expect((await rig.hooks.endpoints.get(doomed.id)).title).toBe('Old receiver')
    page.once('dialog', (dialog) => void dialog.accept())
    await page.getByRole('button', { name: 'Delete' }).click()
    await page.getByRole('heading', { name: 'Endpoints', level: 2 }).waitFor()
    await expect(rig.hooks.endpoints.get(doomed.id)).rejects.toThrow(/No endpoint/)
    expect(await page.getByRole('button', { name: 'Old receiver' }).count()).toBe(0)
  })
})
