import { afterEach, describe, expect, it, vi } from 'vitest'
import { CallhookError } from '../errors.js'
import { resolveOptions } from '../options.js'
import { PORTAL_TOKEN_PREFIX, PortalLinks } from './portal-links.js'

const key = Buffer.alloc(32, 7)
const links = new PortalLinks(key)
const refusal = (token: string) => {
  try {
    links.verify(token)
  } catch (error) {
    return error instanceof CallhookError ? `${error.status} ${error.code}` : String(error)
  }
  return 'accepted'
}
const [, payload, signature] = /^chpl1\.([^.]+)\.([^.]+)$/.exec(links.link({ accountId: 'acct_1' }).token)!

afterEach(() => {
  vi.useRealTimers()
})

describe('PortalLinks', () => {
  it('signs a link that verifies to its account, capability and expiry', () => {
    const link = links.link({ accountId: 'acct_1', capabilities: 'manage', expiresInSeconds: 600, baseUrl: 'https://app.example.com/hooks/' })
    expect(link.token.startsWith(PORTAL_TOKEN_PREFIX)).toBe(true)
    expect(link.url).toBe(`https://app.example.com/hooks/portal?token=${link.token}`)
    expect(links.verify(link.token)).toEqual({ accountId: 'acct_1', capability: 'manage', expiresAt: link.expiresAt })
    expect(link.expiresAt.getTime() - Date.now()).toBeGreaterThan(598_000)
  })

  it("defaults to read-only for an hour, under /webhooks", () => {
    const link = links.link({ accountId: 'acct_1' })
    expect(link.url).toBe(`/webhooks/portal?token=${link.token}`)
    expect(links.verify(link.token).capability).toBe('read')
    expect(Math.round((link.expiresAt.getTime() - Date.now()) / 1000)).toBeGreaterThan(3598)
  })

  it('refuses a tampered payload, a wrong key, a wrong prefix and a signature of the wrong length (401)', () => {
    const other = Buffer.from(JSON.stringify({ a: 'acct_2', c: 'manage', e: 4_000_000_000 })).toString('base64url')
    expect(refusal(`chpl1.${payload}.${signature}`)).toBe('accepted')
    expect(refusal(`chpl1.${other}.${signature}`)).toBe('401 invalid_portal_link')
    expect(refusal(new PortalLinks(Buffer.alloc(32, 8)).link({ accountId: 'acct_1' }).token)).toBe('401 invalid_portal_link')
    expect(refusal(`chpl2.${payload}.${signature}`)).toBe('401 invalid_portal_link')
    expect(refusal(`chpl1.${payload}.${signature!.slice(0, -2)}`)).toBe('401 invalid_portal_link')
    expect(refusal(`chpl1.${payload}.${signature}AA`)).toBe('401 invalid_portal_link')
    expect(refusal(`chpl1.${payload}`)).toBe('401 invalid_portal_link')
    expect(refusal('chpl1.')).toBe('401 invalid_portal_link')
  })

  it('refuses a link once it has expired', () => {
    vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') })
    const { token } = links.link({ accountId: 'acct_1', expiresInSeconds: 60 })
    vi.setSystemTime(new Date('2026-01-01T00:00:59Z'))
    expect(links.verify(token).accountId).toBe('acct_1')
    vi.setSystemTime(new Date('2026-01-01T00:01:00Z'))
    expect(refusal(token)).toBe('401 invalid_portal_link')
  })

  it('throws a clear error for bad options and a short key', () => {
    expect(() => links.link({ accountId: '' })).toThrow(/accountId must be a non-empty string/)
    expect(() => links.link({ accountId: 'a', expiresInSeconds: 31 * 86_400 })).toThrow(/from 1 to 2592000/)
    expect(() => links.link({ accountId: 'a', capabilities: 'admin' as 'read' })).toThrow(/'read' or 'manage'/)
    expect(() => new PortalLinks(Buffer.alloc(16))).toThrow(/at least 32 bytes/)
    expect(() => resolveOptions({ portal: { linkSecret: 'short' } })).toThrow(/portal.linkSecret must be a string or Buffer of at least 32 bytes/)
    expect(resolveOptions({ portal: false }).portal).toBe(false)
  })
})
