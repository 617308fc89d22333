import { describe, expect, it } from 'vitest'
import { negotiateLang } from './negotiate-lang.js'

describe('negotiateLang', () => {
  it('takes ?lang= first when it names a language the portal speaks', () => {
    expect(negotiateLang('fr', 'ru,en;q=0.5')).toBe('fr')
    expect(negotiateLang('RU-ru', undefined)).toBe('ru')
  })

  it('falls back to Accept-Language by q-value, region tags counting as their language', () => {
    expect(negotiateLang(undefined, 'de-DE,fr-CA;q=0.8,ru;q=0.9')).toBe('ru')
    expect(negotiateLang('xx', 'de, fr-CA;q=0.7')).toBe('fr')
    expect(negotiateLang(null, 'ru;q=0, fr;q=0.1')).toBe('fr')
  })

  it('answers English when nothing matches', () => {
    expect(negotiateLang(undefined, undefined)).toBe('en')
    expect(negotiateLang('de', 'de-DE, es;q=0.5')).toBe('en')
  })
})
