import { describe, expect, it } from 'vitest'
import { en } from './en.js'
import { fr } from './fr.js'
import { ru } from './ru.js'
import { supportedLang, translator } from './translate.js'

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('the portal’s languages', () => {
  for (const [lang, messages] of Object.entries({ fr, ru })) {
    it(`${lang} has every message, each with the same {placeholders} as English`, () => {
      expect(Object.keys(messages).sort()).toEqual(Object.keys(en).sort())
      for (const key of Object.keys(en) as Array<keyof typeof en>) {
        expect({ key, vars: placeholders(messages[key]) }).toEqual({ key, vars: placeholders(en[key]) })
      }
    })
  }

  it('translates the screen names (no English left where a translation is due)', () => {
    const same = (Object.keys(en) as Array<keyof typeof en>).filter((k) => ru[k] === en[k] && /[a-z]{4}/i.test(en[k].replace(/\{\{?\w+[.\w]*\}?\}|JSON Schema|HTTP|JSON|URL|Standard Webhooks|X-CALLTRACKING-SIGNATURE|Mustache|Bearer|Basic|p50|p95/g, '')))
    expect(same).toEqual([])
  })

  it('fills placeholders and falls back to English for a language it does not speak', () => {
    expect(translator('fr')('countFailed', { n: 1 })).toBe('en échec : 1')
    expect(translator('de')('countFailed', { n: 3 })).toBe('3 failed')
    expect(supportedLang('ru-RU')).toBe('ru')
  })
})
