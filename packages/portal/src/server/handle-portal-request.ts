import { negotiateLang } from './negotiate-lang.js'
import { portalAssets, type PortalBundle } from './portal-assets.js'
import { renderPortalPage } from './render-page.js'

export interface PortalRequest {
  method: string
  /** The path under the webhooks mount point: `/portal`, `/portal/assets/callhook-portal-x1.js`. */
  path: string
  query?: URLSearchParams | Readonly<Record<string, unknown>> | undefined
  headers: Readonly<Record<string, string | string[] | undefined>>
  /** Where the REST API is mounted, as the browser sees it: `/webhooks`. */
  mountPath: string
  /** @default the built bundle */
  bundle?: PortalBundle
}

export interface PortalResponse {
  status: number
  headers: Record<string, string>
  /** Undefined for 304 and HEAD. */
  body: string | undefined
}

const IMMUTABLE = 'public, max-age=31536000, immutable'

const header = (headers: PortalRequest['headers'], name: string) => {
  const value = headers[name]
  return Array.isArray(value) ? value[0] : value
}

const queryValue = (query: PortalRequest['query'], name: string) => {
  if (!query) return undefined
  if (query instanceof URLSearchParams) return query.get(name) ?? undefined
  const value = query[name]
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' ? first : undefined
}

const text = (status: number, body: string, extra: Record<string, string> = {}): PortalResponse => ({
  status,
  headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff', ...extra },
  body,
})

/**
 * Serves `GET {mount}/portal` (the page, language from `?lang=` or Accept-Language) and
 * `GET {mount}/portal/assets/*` (hashed, immutable). Answers undefined for any other path, so an
 * adapter can fall through to the REST API. Framework-free, like core's handleRequest.
 */
export function handlePortalRequest(request: PortalRequest): PortalResponse | undefined {
  const path = request.path.replace(/\/+$/, '') || '/'
  const isPage = path === '/portal'
  const asset = /^\/portal\/assets\/([^/]+)$/.exec(path)?.[1]
  if (!isPage && asset === undefined && !path.startsWith('/portal/')) return undefined
  const method = request.method.toUpperCase()
  if (method !== 'GET' && method !== 'HEAD') return text(405, `${method} is not allowed on ${path}; use GET`, { allow: 'GET, HEAD' })
  const bundle = request.bundle ?? portalAssets()
  const mount = request.mountPath.replace(/\/+$/, '')
  if (isPage) {
    const lang = negotiateLang(queryValue(request.query, 'lang'), header(request.headers, 'accept-language'))
    const page = renderPortalPage({ apiPath: mount || '/', lang, assetBase: `${mount}/portal/assets/`, bundle })
    return { status: 200, headers: page.headers, body: method === 'HEAD' ? undefined : page.html }
  }
  const file = asset === undefined ? undefined : bundle.assets.get(asset)
  if (!file) return text(404, `No portal asset at ${path}`)
  const headers = { 'content-type': file.contentType, 'cache-control': IMMUTABLE, etag: file.etag, 'x-content-type-options': 'nosniff' }
  if (header(request.headers, 'if-none-match') === file.etag) return { status: 304, headers, body: undefined }
  return { status: 200, headers, body: method === 'HEAD' ? undefined : file.body }
}
