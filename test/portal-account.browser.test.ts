import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sampleCall } from '@callhook/core'
import { skipBrowserTests, startPortalRig, type PortalRig } from './helpers/portal-browser.js'

describe.skipIf(skipBrowserTests)('portal in Chromium: the account-wide switch, and the endpoint form’s time zone and ordering', { timeout: 60_000 }, () => {
  let rig: PortalRig

  beforeAll(async () => {
    rig = await startPortalRig({})
  }, 60_000)
  afterAll(async () => {
    await rig?.close()
  })

  it('switches webhooks off for the account: an event emitted then reaches nobody; switched on again, the next one is delivered', async () => {
    const endpoint = await rig.hooks.endpoints.create({ url: `${rig.receiver.url}/crm`, title: 'CRM', events: ['call:completed'] })
    const page = await rig.open()
    const toggle = page.getByRole('checkbox', { name: 'Webhooks enabled for this account' })
    await expect.poll(() => toggle.isChecked()).toBe(true)
    await toggle.uncheck()
    await expect.poll(async () => (await rig.hooks.account.get()).webhooksEnabled).toBe(false)
    await page.getByText('Webhooks are off for this account').waitFor()
    const off = await rig.hooks.emit('call:completed', sampleCall({ id: 'call_off' }))
    expect(off.deliveries).toBe(0)
    expect((await rig.hooks.events.get(off.eventId)).deliveries).toEqual([])

    await page.reload()
    await expect.poll(() => toggle.isChecked()).toBe(false) // as stored, not as last clicked
    await toggle.check()
    await expect.poll(async () => (await rig.hooks.account.get()).webhooksEnabled).toBe(true)
    const on = await rig.hooks.emit('call:completed', sampleCall({ id: 'call_on' }))
    expect(on.deliveries).toBe(1)
    await rig.receiver.waitFor(1)
    expect(rig.receiver.requests.map((r) => JSON.parse(r.text).data.id)).toEqual(['call_on'])
    await rig.hooks.endpoints.delete(endpoint.id)
    expect(rig.problems).toEqual([])
  })

  it('shows the switch disabled on a read-only portal link, in French', async () => {
    const link = rig.hooks.portal.link({ accountId: 'acc_ro', baseUrl: `${rig.origin}/webhooks` })
    const page = await rig.open({ url: `${link.url}&lang=fr` })
    const toggle = page.getByRole('checkbox', { name: 'Webhooks activés pour ce compte' })
    await expect.poll(() => toggle.isDisabled()).toBe(true)
    expect(await toggle.isChecked()).toBe(true)
  })

  it('creates an ordered endpoint in a time zone; the preview writes local times in that zone; a zone the server does not know is named beside its field', async () => {
    const page = await rig.open()
    await page.getByRole('button', { name: 'New endpoint' }).click()
    await page.getByRole('textbox', { name: 'URL', exact: true }).fill(`${rig.receiver.url}/ctm`)
    await page.getByRole('textbox', { name: 'Title', exact: true }).fill('CTM in Moscow')
    await page.getByRole('combobox', { name: 'Preset' }).selectOption({ label: 'CallTrackingMetrics' })
    const preview = page.locator('section[part="preview"] pre')
    await expect.poll(() => preview.textContent()).toContain('+00:00')
    const zone = page.getByRole('combobox', { name: 'Time zone' })
    expect(await zone.inputValue()).toBe('UTC')
    await zone.fill('Mars/Olympus')
    await page.locator('details', { hasText: 'Keep each call’s events in order' }).locator('summary').click()
    await page.getByRole('checkbox', { name: 'Keep each call’s events in order' }).check()
    await page.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => zone.getAttribute('aria-invalid')).toBe('true')
    await expect.poll(() => page.locator('#f-timezone-error').textContent()).toMatch(/IANA time zone/)

    await zone.fill('Europe/Moscow')
    await expect.poll(() => preview.textContent()).toContain('+03:00')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByRole('heading', { name: 'CTM in Moscow', level: 2 }).waitFor()
    const saved = (await rig.hooks.endpoints.list()).data.find((e) => e.title === 'CTM in Moscow')!
    expect(saved).toMatchObject({ timezone: 'Europe/Moscow', ordered: true, preset: 'ctm' })

    await page.getByRole('button', { name: 'Edit' }).click()
    await expect.poll(() => page.getByRole('combobox', { name: 'Time zone' }).inputValue()).toBe('Europe/Moscow')
    await page.locator('details', { hasText: 'Keep each call’s events in order' }).locator('summary').click()
    expect(await page.getByRole('checkbox', { name: 'Keep each call’s events in order' }).isChecked()).toBe(true)
    expect(rig.problems).toEqual([])
  })
})
