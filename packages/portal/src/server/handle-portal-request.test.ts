import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { handlePortalRequest } from './handle-portal-request.js'
import { portalAssets } from './portal-assets.js'

/** A tiny fake dist/ so these tests do not depend on a vite build. */
function fakeDist() {
  const dist = mkdtempSync(join(tmpdir(), 'callhook-portal-'))
  mkdirSync(join(dist, '.vite'))
  mkdirSync(join(dist, 'assets'))
  writeFileSync(join(dist, 'assets', 'callhook-portal-abc123.js'), 'export {}\n')
  writeFileSync(join(dist, 'assets', 'page-def456.css'), 'body{}\n')
  writeFileSync(join(dist, '.vite', 'manifest.json'), JSON.stringify({
    'src/element/index.ts': { file: 'assets/callhook-portal-abc123.js', isEntry: true },
    'src/element/page.css': { file: 'assets/page-def456.css', isEntry: true },
  }))
  return portalAssets(dist)
}

describe('handlePortalRequest', () => {
  const bundle = fakeDist()
  const get = (path: string, headers: Record<string, string> = {}, query?: Record<string, string>) =>
    handlePortalRequest({ method: 'GET', path, headers, query, mountPath: '/webhooks', bundle })

  it('serves the page with a strict CSP, the element pointed at the API, and the hashed assets', () => {
    const page = get('/portal', { 'accept-language': 'ru-RU,ru;q=0.9' })!
    expect(page.status).toBe(200)
    expect(page.headers['content-security-policy']).toMatch(/^default-src 'self';/)
    expect(page.headers['content-security-policy']).not.toMatch(/unsafe-(inline|eval)/)
    const html = String(page.body)
    expect(html).toContain('<html lang="ru">')
    expect(html).toContain('<callhook-portal api="/webhooks" lang="ru" routing="hash">')
    expect(html).toContain('src="/webhooks/portal/assets/callhook-portal-abc123.js"')
    expect(html).toContain('href="/webhooks/portal/assets/page-def456.css"')
    expect(html).not.toMatch(/<script>|<style|\sstyle=|\son[a-z]+=/)
  })

  it('chooses the language from ?lang= before Accept-Language', () => {
    expect(String(get('/portal', { 'accept-language': 'ru' }, { lang: 'fr' })!.body)).toContain('lang="fr"')
  })

  it('serves assets immutable with an ETag, and answers 304 to a matching If-None-Match', () => {
    const asset = get('/portal/assets/callhook-portal-abc123.js')!
    expect(asset.status).toBe(200)
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(asset.headers['cache-control']).toContain('immutable')
    expect(String(asset.body)).toBe('export {}\n')
    expect(get('/portal/assets/callhook-portal-abc123.js', { 'if-none-match': asset.headers.etag! })!.status).toBe(304)
  })

  it('answers 404 for an unknown asset (no path traversal), 405 for a POST, and undefined outside /portal', () => {
    expect(get('/portal/assets/nope.js')!.status).toBe(404)
    expect(get('/portal/assets/..%2F.vite%2Fmanifest.json')!.status).toBe(404)
    expect(get('/portal/assets/../../package.json')!.status).toBe(404)
    expect(handlePortalRequest({ method: 'POST', path: '/portal', headers: {}, mountPath: '/webhooks', bundle })!.status).toBe(405)
    expect(get('/endpoints')).toBeUndefined()
    expect(get('/portalx')).toBeUndefined()
  })

  it('says how to build the bundle when dist/ is missing', () => {
    expect(() => portalAssets(join(tmpdir(), 'callhook-no-such-dist'))).toThrow(/pnpm --filter @callhook\/portal build/)
  })
})
