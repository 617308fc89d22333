import { describe, expect, it } from 'vitest'
import { createWebhooks } from '../webhooks.js'
import { CallhookError } from '../errors.js'
import { decodeBase64Strict, secretProblem, standardKeyBytes } from './secret-key.js'
import { createVerifier } from './verify.js'

const b64 = (n: number) => Buffer.alloc(n, 0xab).toString('base64')

describe('strict secret decoding', () => {
  it('decodes base64 strictly: no foreign characters, no misplaced padding, no impossible lengths', () => {
    expect(decodeBase64Strict('!!!!')).toBeNull()
    expect(decodeBase64Strict('ab cd')).toBeNull()
    expect(decodeBase64Strict('abcde')).toBeNull() // 5 chars: no byte count fits
    expect(decodeBase64Strict('ab=c')).toBeNull()
    expect(decodeBase64Strict('abc=')?.length).toBe(2)
    expect(decodeBase64Strict('abc')?.length).toBe(2) // padding optional
  })

  it('refuses "whsec_", a key that decodes to nothing, and keys outside 24–64 bytes', () => {
    expect(secretProblem('whsec_')).toMatch(/no key/)
    expect(secretProblem('whsec_!!!!')).toMatch(/not "whsec_" followed by base64/)
    expect(secretProblem(`whsec_${b64(23)}`)).toMatch(/23 bytes/)
    expect(secretProblem(`whsec_${b64(65)}`)).toMatch(/65 bytes/)
    expect(secretProblem(`whsec_${b64(24)}`)).toBeNull()
    expect(secretProblem(`whsec_${b64(64)}`)).toBeNull()
  })

  it('keeps the vendor-key rule for other secrets: 16–256 characters, the string itself is the key', () => {
    expect(secretProblem('qChJkeBjdeTESTKEYTlBL')).toBeNull()
    expect(secretProblem('short')).toMatch(/16–256 characters/)
    expect(secretProblem('x'.repeat(257))).toMatch(/16–256 characters/)
    expect(standardKeyBytes('qChJkeBjdeTESTKEYTlBL').toString()).toBe('qChJkeBjdeTESTKEYTlBL')
    // a vendor key of dots, decoded by Node's lenient base64, would be an empty key
    expect(Buffer.from('................', 'base64').length).toBe(0)
    expect(standardKeyBytes('................').length).toBe(16)
  })

  it('createVerifier refuses an empty-key secret instead of accepting a signature anyone can compute', () => {
    for (const secret of ['whsec_', 'whsec_!!!!', 'whsec_====']) {
      expect(() => createVerifier({ secret })).toThrow(CallhookError)
      expect(() => createVerifier({ secret })).toThrow(/verifyWebhook: the secret/)
    }
    expect(() => createVerifier({ secrets: [`whsec_${b64(32)}`, 'whsec_!!!!'] })).toThrow(/secrets\[1\]/)
  })
})

describe('endpoint create and rotate', () => {
  it('refuse whsec_ secrets that do not decode strictly to 24–64 bytes, naming the field', async () => {
    const hooks = createWebhooks({ dispatch: false, logger: { error() {}, warn() {}, info() {} } as unknown as Console })
    try {
      for (const secret of ['whsec_', 'whsec_!!!!', 'whsec_abc_def.ghij-klmnop', `whsec_${b64(23)}`, `whsec_${b64(65)}`, `whsec_${b64(24)}A`]) {
        const error = await hooks.endpoints.create({ url: 'https://r.example.com/h', secret }).catch((e: unknown) => e)
        expect([secret, (error as CallhookError).code, (error as CallhookError).errors[0]?.field]).toEqual([secret, 'validation_failed', 'secret'])
      }
      const { id } = await hooks.endpoints.create({ url: 'https://r.example.com/h', secret: `whsec_${b64(32)}` })
      const rotated = await hooks.endpoints.rotateSecret(id, { secret: 'whsec_!!!!' }).catch((e: unknown) => e)
      expect((rotated as CallhookError).code).toBe('validation_failed')
      expect((await hooks.endpoints.rotateSecret(id, { secret: 'qChJkeBjdeTESTKEYTlBL' })).secret).toBe('qChJkeBjdeTESTKEYTlBL')
    } finally {
      await hooks.close()
    }
  })
})
