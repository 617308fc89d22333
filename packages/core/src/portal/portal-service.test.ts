import { describe, expect, it } from 'vitest'
import { createPortal } from './portal-service.js'

describe('createPortal', () => {
  it('without linkSecret: links work in this process, and the first one warns (once) that they will not survive it', () => {
    const warnings: string[] = []
    const logger = { warn: (m: string) => warnings.push(m), error() {} }
    const { links, service } = createPortal({}, logger)
    const first = service.link({ accountId: 'acct_1' })
    service.link({ accountId: 'acct_2' })
    expect(links!.verify(first.token).accountId).toBe('acct_1')
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/random key .*portal: \{ linkSecret \}/)
    // another instance has another random key: its links are refused here
    expect(() => links!.verify(createPortal({}, logger).service.link({ accountId: 'acct_1' }).token)).toThrow(/signature does not match/)
  })

  it('with a linkSecret: instances sharing it accept each other\'s links, without a warning', () => {
    const warnings: string[] = []
    const logger = { warn: (m: string) => warnings.push(m), error() {} }
    const secret = 'x'.repeat(32)
    const { token } = createPortal({ linkSecret: secret }, logger).service.link({ accountId: 'acct_1', capabilities: 'manage' })
    expect(createPortal({ linkSecret: Buffer.from(secret) }, logger).links!.verify(token)).toMatchObject({ accountId: 'acct_1', capability: 'manage' })
    expect(warnings).toEqual([])
  })

  it('with portal: false, there is no signer and link() says why', () => {
    const { links, service } = createPortal(false, { warn() {}, error() {} })
    expect(links).toBeNull()
    expect(() => service.link({ accountId: 'acct_1' })).toThrow(/portal is turned off/)
  })
})
