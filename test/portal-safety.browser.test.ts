import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { sampleCall } from '@callhook/core'
import type { TestReply } from '@callhook/core/testing'
import { seriousViolations, skipBrowserTests, startPortalRig, type PortalRig } from './helpers/portal-browser.js'

const EVIL = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'

/** The receiver answers markup for the XSS case, JSON otherwise. */
const reply = (request: { text: string }): TestReply =>
  request.text.includes('XSS-CASE')
    ? { status: 200, headers: { 'content-type': 'text/html', 'x-evil': '<img src=x onerror="window.__xss=5">' }, body: EVIL }
    : { status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' }

/** The element's focused descendant, through shadow roots: "TAG|id|text". */
const FOCUSED = `(() => { let a = document.activeElement; while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement; return a ? a.tagName + '|' + a.id + '|' + (a.textContent || '').trim() : '' })()`

describe.skipIf(skipBrowserTests)('portal in Chromium: safety, keyboard, accessibility, languages', { timeout: 60_000 }, () => {
  let rig: PortalRig

  beforeAll(async () => {
    rig = await startPortalRig(reply)
  }, 60_000)
  afterAll(async () => {
    await rig?.close()
  })

  const images = (page: Page) => page.evaluate(`document.querySelector('callhook-portal').shadowRoot.querySelectorAll('img, script').length`)

  it('shows receivers’ answers, titles and event data as text: markup in them executes nothing (even without the CSP)', async () => {
    const endpoint = await rig.hooks.endpoints.create({ url: `${rig.receiver.url}/xss`, title: `Evil ${EVIL}`, events: ['call:completed'] })
    await rig.hooks.emit('call:completed', sampleCall({ tags: ['XSS-CASE', EVIL], agent: EVIL }))
    await expect.poll(async () => (await rig.hooks.endpoints.deliveries(endpoint.id, { status: 'succeeded' })).data.length).toBe(1)
    const page = await rig.open({ bypassCSP: true })
    await page.getByRole('button', { name: `Evil ${EVIL}` }).click()
    await page.getByRole('button', { name: 'Send test' }).click()
    await page.getByTestId('test-result').waitFor()
    const log = page.locator('section[part~="delivery-log"]')
    await log.getByRole('button', { name: 'Refresh' }).click()
    await expect.poll(() => log.locator('tbody tr').count()).toBe(2)
    await log.locator('tbody tr').last().getByRole('button').click()
    await page.getByRole('heading', { name: /Attempt 1/ }).waitFor()
    expect(await page.getByLabel('Response body').textContent()).toBe(EVIL)
    expect(await page.getByLabel('Request body').textContent()).toContain('<script>window.__xss=1</script>')
    expect(await page.getByText('<img src=x onerror="window.__xss=5">').count()).toBe(1)
    expect(await images(page)).toBe(0)
    expect(await page.evaluate('window.__xss')).toBeUndefined()
    await page.context().close()
  })

  it('works with the keyboard alone: create an endpoint, then send it a test', async () => {
    const page = await rig.open()
    await page.getByRole('button', { name: 'New endpoint' }).waitFor()
    for (let i = 0; i < 10 && !(await page.evaluate(FOCUSED) as string).includes('New endpoint'); i++) await page.keyboard.press('Tab')
    expect(await page.evaluate(FOCUSED)).toContain('New endpoint')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.evaluate(FOCUSED)).toMatch(/^H2\|form-title\|New endpoint/)
    await page.keyboard.press('Tab')
    await expect.poll(() => page.evaluate(FOCUSED)).toMatch(/^INPUT\|f-url\|/)
    await page.keyboard.type(`${rig.receiver.url}/keyboard`)
    await page.keyboard.press('Enter') // submits the form
    await expect.poll(() => page.evaluate(FOCUSED)).toMatch(/^H2\|ep-title\|127\.0\.0\.1/)
    for (let i = 0; i < 30 && !(await page.evaluate(FOCUSED) as string).endsWith('Send test'); i++) await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await page.getByTestId('test-result').waitFor()
    expect(await page.getByTestId('test-result').textContent()).toContain('HTTP 200')
    await page.context().close()
  })

  it('has no serious or critical axe violation on any screen, light or dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await rig.open({ colorScheme })
      const check = async (screen: string) => expect({ screen, colorScheme, violations: await seriousViolations(page) }).toEqual({ screen, colorScheme, violations: [] })
      await page.getByRole('row').nth(1).waitFor()
      await check('endpoints')
      await page.getByRole('button', { name: 'New endpoint' }).click()
      await page.getByRole('textbox', { name: 'URL', exact: true }).fill('nope')
      await page.getByRole('button', { name: 'Save' }).click()
      await page.locator('#f-url-error').waitFor()
      await check('form with errors')
      await page.getByRole('button', { name: 'Cancel' }).click()
      await page.getByRole('row').nth(1).getByRole('button').first().click()
      await page.getByRole('button', { name: 'Send test' }).click()
      await page.getByTestId('test-result').waitFor()
      await check('endpoint')
      await page.locator('section[part~="delivery-log"] tbody tr').first().getByRole('button').click()
      await page.getByRole('heading', { name: /Attempt 1/ }).waitFor()
      await check('delivery')
      await page.getByRole('button', { name: 'Event catalogue' }).click()
      await page.getByRole('heading', { name: 'call:completed' }).waitFor()
      await check('catalogue')
      await page.context().close()
    }
  })

  it('speaks French with ?lang=fr and Russian from the browser’s Accept-Language', async () => {
    const fr = await rig.open({ query: 'lang=fr' })
    await fr.getByRole('button', { name: 'Nouveau point de terminaison' }).click()
    await fr.getByRole('heading', { name: 'Nouveau point de terminaison' }).waitFor()
    expect(await fr.getAttribute('html', 'lang')).toBe('fr')
    await fr.context().close()
    const ru = await rig.open({ query: '', locale: 'ru-RU' })
    await ru.getByRole('button', { name: 'Новый адрес' }).waitFor()
    expect(await ru.getAttribute('html', 'lang')).toBe('ru')
    await ru.context().close()
  })

  it('talks to the API with the page’s cookies, so the host’s tenant scoping applies', async () => {
    const scoped = await startPortalRig(reply, { tenantCookie: true })
    try {
      await scoped.hooks.endpoints.create({ url: `${scoped.receiver.url}/a`, title: 'Account A hook' }, { accountId: 'acc_a' })
      await scoped.hooks.endpoints.create({ url: `${scoped.receiver.url}/b`, title: 'Account B hook' }, { accountId: 'acc_b' })
      const context = await scoped.browser.newContext()
      await context.addCookies([{ name: 'tenant', value: 'acc_a', url: scoped.origin }])
      const page = await context.newPage()
      await page.goto(`${scoped.portalUrl}?lang=en`)
      await page.getByRole('button', { name: 'Account A hook' }).waitFor()
      expect(await page.getByRole('button', { name: 'Account B hook' }).count()).toBe(0)
      await context.clearCookies()
      await page.reload()
      await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/no tenant/)
      await context.close()
    } finally {
      await scoped.close()
    }
  })

  it('embeds in a host’s own page, themed dark, with a link to the full portal page', async () => {
    const page = await rig.open({ query: 'lang=en' })
    await page.goto(`${rig.origin}/host-app`)
    await page.getByRole('button', { name: 'New endpoint' }).waitFor()
    expect(await page.evaluate(`getComputedStyle(document.querySelector('callhook-portal')).backgroundColor`)).toBe('rgb(13, 17, 23)')
    await page.getByRole('link', { name: 'Open the webhooks portal' }).click()
    await page.waitForURL(/\/webhooks\/portal$/)
    await page.getByRole('heading', { name: 'Endpoints', level: 2 }).waitFor()
    expect(rig.problems).toEqual([])
  })
})
