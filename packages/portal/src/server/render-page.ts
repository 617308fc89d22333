import type { PortalLang } from './negotiate-lang.js'
import { portalAssets, type PortalBundle } from './portal-assets.js'

export interface RenderPortalPageOptions {
  /** The REST API's base path, as the browser sees it: `/webhooks`. */
  apiPath: string
  lang: PortalLang
  /** Where the assets are served, ending with a slash: `/webhooks/portal/assets/`. */
  assetBase: string
  /** @default the built bundle in packages/portal/dist */
  bundle?: PortalBundle
  /** A portal link's token: the element sends it as `Authorization: Bearer …` on every API call. */
  token?: string
  /** Hide the actions that change anything (a read-only portal link). @default false */
  readonly?: boolean
}

export interface PortalPage {
  html: string
  /** Headers the page must be sent with: content type, CSP, no caching (the asset names change on upgrade). */
  headers: Record<string, string>
}

/** `default-src 'self'`, nothing inline, no eval: the page loads only its own hashed files. */
export const PORTAL_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"

const TITLES: Record<PortalLang, string> = { en: 'Webhooks', fr: 'Webhooks', ru: 'Вебхуки' }

const escapeAttr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** The standalone portal page: the element filling the window, in the given language. */
export function renderPortalPage(options: RenderPortalPageOptions): PortalPage {
  const bundle = options.bundle ?? portalAssets()
  const base = options.assetBase.endsWith('/') ? options.assetBase : `${options.assetBase}/`
  const html = `<!doctype html>
<html lang="${options.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${TITLES[options.lang]}</title>
<link rel="stylesheet" href="${escapeAttr(base + bundle.stylesheet)}">
<script type="module" src="${escapeAttr(base + bundle.script)}"></script>
</head>
<body>
<main><callhook-portal api="${escapeAttr(options.apiPath)}" lang="${options.lang}" routing="hash"${options.token ? ` token="${escapeAttr(options.token)}"` : ''}${options.readonly ? ' readonly' : ''}></callhook-portal></main>
</body>
</html>
`
  return {
    html,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': PORTAL_CSP,
      // a page opened by a portal link holds its token: never stored, never sent on as a Referer
      'cache-control': options.token ? 'no-store' : 'no-cache',
      'x-content-type-options': 'nosniff',
      'referrer-policy': options.token ? 'no-referrer' : 'same-origin',
      vary: 'Accept-Language',
    },
  }
}
