import { en } from './en.js'
import { fr } from './fr.js'
import { ru } from './ru.js'

import type { MessageKey, Messages } from './messages.js'

export type { MessageKey, Messages } from './messages.js'

const catalogues: Record<string, Messages> = { en, fr, ru }

/** The language we speak for a `lang` attribute value (`fr-CA` → fr), English by default. */
export function supportedLang(lang: string | null | undefined): 'en' | 'fr' | 'ru' {
  const base = (lang ?? '').toLowerCase().slice(0, 2)
  return base === 'fr' || base === 'ru' ? base : 'en'
}

/** `t('countFailed', { n: 3 })`: the message in the language, `{n}` filled in. */
export function translator(lang: string): (key: MessageKey, vars?: Record<string, string | number>) => string {
  const messages = catalogues[supportedLang(lang)]!
  return (key, vars) => {
    const text = messages[key] ?? en[key]
    return vars ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole)) : text
  }
}
