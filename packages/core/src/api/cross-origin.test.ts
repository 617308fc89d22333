import { describe, expect, it } from 'vitest'
import { CallhookError } from '../errors.js'
import { checkCrossOrigin, resolveTrustedOrigins } from './cross-origin.js'

const none = new Set<string>()
function refused(method: string, headers: Record<string, string>, trusted: ReadonlySet<string> = none): string | null {
  try {
    checkCrossOrigin(method, headers, trusted)
    return null
  } catch (error) {
    expect(error).toBeInstanceOf(CallhookError)
    expect((error as CallhookError).status).toBe(403)
    return (error as CallhookError).code
  }
}

describe('checkCrossOrigin (Go http.CrossOriginProtection rules)', () => {
  it('refuses state-changing requests the browser marks cross-site or same-site', () => {
    for (const method of ['POST', 'PATCH', 'PUT', 'DELETE', 'post']) {
      expect(refused(method, { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example', host: 'app.example.com' })).toBe('cross_origin_request')
    }
    expect(refused('POST', { 'sec-fetch-site': 'same-site', host: 'app.example.com' })).toBe('cross_origin_request')
  })

  it('lets same-origin and user-initiated (none) requests through', () => {
    expect(refused('POST', { 'sec-fetch-site': 'same-origin', origin: 'https://app.example.com', host: 'app.example.com' })).toBeNull()
    expect(refused('DELETE', { 'sec-fetch-site': 'none' })).toBeNull()
  })

  it('without Sec-Fetch-Site, compares the Origin host with Host', () => {
    expect(refused('POST', { origin: 'https://evil.example', host: 'app.example.com' })).toBe('cross_origin_request')
    expect(refused('POST', { origin: 'null', host: 'app.example.com' })).toBe('cross_origin_request')
    expect(refused('POST', { origin: 'http://App.Example.com:8080', host: 'app.example.com:8080' })).toBeNull()
  })

  it('leaves requests with neither header (curl, server to server) and safe methods alone', () => {
    expect(refused('POST', { host: 'app.example.com' })).toBeNull()
    expect(refused('POST', {})).toBeNull()
    expect(refused('GET', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' })).toBeNull()
    expect(refused('HEAD', { 'sec-fetch-site': 'cross-site' })).toBeNull()
  })

  it('lets a trusted origin through, even cross-site', () => {
    const trusted = resolveTrustedOrigins(['https://admin.example.com'], [])
    expect(refused('POST', { 'sec-fetch-site': 'cross-site', origin: 'https://admin.example.com', host: 'api.example.com' }, trusted)).toBeNull()
    expect(refused('POST', { origin: 'https://admin.example.com', host: 'api.example.com' }, trusted)).toBeNull()
    expect(refused('POST', { 'sec-fetch-site': 'cross-site', origin: 'https://admin.example.com.evil', host: 'api.example.com' }, trusted)).toBe('cross_origin_request')
  })

  it('reads header names in any case', () => {
    expect(refused('POST', { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.example', Host: 'app.example.com' })).toBe('cross_origin_request')
  })

  it('names a trustedOrigins entry that is not a bare origin', () => {
    const problems: string[] = []
    resolveTrustedOrigins(['https://ok.example', 'https://x.example/path', 'not a url', '*'], problems)
    expect(problems).toHaveLength(3)
    expect(problems[0]).toMatch(/"https:\/\/x.example\/path" is not an origin/)
  })
})
