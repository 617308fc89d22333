import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { statSync } from 'node:fs'
import { SCREENSHOTS, skipBrowserTests, startPortalRig, type PortalRig } from './helpers/portal-browser.js'

/** A POST the page itself makes with the element's token, as a script on it could. */
const WRITE_WITH_TOKEN = `fetch('./endpoints', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + document.querySelector('callhook-portal').getAttribute('token') }, body: JSON.stringify({ url: 'http://127.0.0.1:9/x' }) }).then(async (r) => [r.status, (await r.json()).code])`

/** The buttons of the endpoint screen that change something or reveal the secret. */
const MANAGE_ACTIONS = ['Edit', 'Delete', 'Send test', 'Reveal secret', 'Rotate secret', 'Replay failed']

describe.skipIf(skipBrowserTests)('portal links in Chromium: a visitor with no login in the host app', { timeout: 60_000 }, () => {
  let rig: PortalRig

  beforeAll(async () => {
    // the host's own login is a cookie: a fresh browser context has none, so only the link scopes it
    rig = await startPortalRig({ status: 200, body: 'ok' }, { tenantCookie: true })
    await rig.hooks.endpoints.create({ url: `${rig.receiver.url}/a`, title: 'Account A hook' }, { accountId: 'acc_a' })
    await rig.hooks.endpoints.create({ url: `${rig.receiver.url}/b`, title: 'Account B hook' }, { accountId: 'acc_b' })
  }, 60_000)
  afterAll(async () => {
    await rig?.close()
  })

  it("a read-only link shows only its account's endpoints, hides every manage action, and the API refuses a write", async () => {
    const link = rig.hooks.portal.link({ accountId: 'acc_a', baseUrl: `${rig.origin}/webhooks` })
    const page = await rig.open({ url: `${link.url}&lang=en` })
    await page.getByRole('button', { name: 'Account A hook' }).waitFor()
    expect(await page.getByRole('button', { name: 'Account B hook' }).count()).toBe(0)
    expect(await page.getByRole('button', { name: 'New endpoint' }).count()).toBe(0)
    expect(await page.getByRole('checkbox').first().isDisabled()).toBe(true)
    await page.getByRole('button', { name: 'Account A hook' }).click()
    await page.getByRole('heading', { name: 'Account A hook', level: 2 }).waitFor()
    await page.getByRole('heading', { name: 'Delivery log' }).waitFor()
    for (const name of MANAGE_ACTIONS) expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(0)
    // the README's picture of what a read-only link's visitor sees
    const path = new URL('portal-link-readonly.png', SCREENSHOTS).pathname
    await page.screenshot({ path, fullPage: true })
    expect(statSync(path).size).toBeGreaterThan(10_000)
    expect(await page.evaluate(WRITE_WITH_TOKEN)).toEqual([403, 'read_only_portal_link'])
    expect((await rig.hooks.endpoints.list({}, { accountId: 'acc_a' })).data).toHaveLength(1)
    expect(rig.problems).toEqual([])
    await page.context().close()
  })

  it('a manage link shows the manage actions, scoped to its account', async () => {
    const link = rig.hooks.portal.link({ accountId: 'acc_b', capabilities: 'manage', baseUrl: `${rig.origin}/webhooks` })
    const page = await rig.open({ url: `${link.url}&lang=en` })
    await page.getByRole('button', { name: 'Account B hook' }).click()
    await page.getByRole('button', { name: 'Send test' }).waitFor()
    await page.getByRole('heading', { name: 'Delivery log' }).waitFor()
    for (const name of MANAGE_ACTIONS) expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(1)
    await page.getByRole('button', { name: /All endpoints/ }).click()
    await page.getByRole('button', { name: 'New endpoint' }).waitFor()
    expect(await page.getByRole('button', { name: 'Account A hook' }).count()).toBe(0)
    expect(rig.problems).toEqual([])
    await page.context().close()
  })

  it('a tampered link is refused with 401, and without a link the visitor sees the API refuse them', async () => {
    const { url } = rig.hooks.portal.link({ accountId: 'acc_a', baseUrl: `${rig.origin}/webhooks` })
    const tampered = url.replace(/token=chpl1\.[^.]+/, `token=chpl1.${Buffer.from(JSON.stringify({ a: 'acc_b', c: 'manage', e: 4_000_000_000 })).toString('base64url')}`)
    const page = await rig.open({ url: rig.portalUrl })
    const response = await page.goto(tampered)
    expect(response!.status()).toBe(401)
    expect(await page.textContent('body')).toContain('invalid_portal_link')
    await page.goto(`${rig.portalUrl}?lang=en`)
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/no tenant/)
    await page.context().close()
  })
})
