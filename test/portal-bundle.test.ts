import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { PORTAL_CSP, portalAssets, renderPortalPage } from '@callhook/portal/server'

const DIST = fileURLToPath(new URL('../packages/portal/dist/', import.meta.url))

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : [path]
  })
}

describe('the portal bundle (built by `pnpm build:portal`, which `pnpm test` runs first)', () => {
  it('ships all its JavaScript, Lit and the chart included, in at most 80 KB gzipped', () => {
    const js = files(DIST).filter((f) => f.endsWith('.js'))
    expect(js.length).toBeGreaterThan(0)
    const gzipped = js.reduce((total, file) => total + gzipSync(readFileSync(file), { level: 9 }).length, 0)
    expect(gzipped).toBeLessThanOrEqual(80 * 1024)
  })

  it('needs nothing a `default-src \'self\'` CSP blocks: no eval, no inline script or style in the page, no remote URL', () => {
    const bundle = portalAssets()
    const script = bundle.assets.get(bundle.script)!.body
    expect(script).not.toMatch(/\beval\(|new Function\(|setTimeout\(\s*['"`]/)
    expect(script).not.toMatch(/https?:\/\/(?!(www\.)?(w3\.org|example\.com|google\.com)|127\.0\.0\.1|rec\.example\.com|crm\.example\.com)[a-z]/i)
    const { html, headers } = renderPortalPage({ apiPath: '/webhooks', lang: 'en', assetBase: '/webhooks/portal/assets/' })
    expect(headers['content-security-policy']).toBe(PORTAL_CSP)
    expect(PORTAL_CSP).toMatch(/^default-src 'self'/)
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=/i)
    for (const url of html.match(/(?:src|href)="([^"]+)"/g) ?? []) expect(url).toMatch(/="\/webhooks\/portal\/assets\//)
  })

  it('names every asset by content hash, so they can be cached forever', () => {
    const { assets, script, stylesheet } = portalAssets()
    expect(script).toMatch(/^callhook-portal-[\w-]{8}\.js$/)
    expect(stylesheet).toMatch(/^page-[\w-]{8}\.css$/)
    for (const name of assets.keys()) expect(name).toMatch(/-[\w-]{8}\.\w+$/)
  })
})
