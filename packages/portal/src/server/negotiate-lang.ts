/** The languages the portal speaks. */
export const PORTAL_LANGS = ['en', 'fr', 'ru'] as const
export type PortalLang = (typeof PORTAL_LANGS)[number]

const isLang = (value: string): value is PortalLang => (PORTAL_LANGS as readonly string[]).includes(value)

/**
 * The portal's language: `?lang=` when it names one we speak, else the best of the browser's
 * `Accept-Language` (by q-value, `fr-CA` counting as `fr`), else English.
 */
export function negotiateLang(query: string | null | undefined, acceptLanguage: string | null | undefined): PortalLang {
  const asked = query?.trim().toLowerCase().slice(0, 2)
  if (asked && isLang(asked)) return asked
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined)
      return { lang: tag.trim().toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), index }
    })
    .filter((entry) => entry.q > 0 && !Number.isNaN(entry.q))
    .sort((a, b) => b.q - a.q || a.index - b.index)
  return ranked.map((entry) => entry.lang).find(isLang) ?? 'en'
}
