import { handlePortalRequest, negotiateLang, renderPortalPage } from '@callhook/portal/server'
import { CallhookError } from '../errors.js'
import type { ApiServices, Route, RouteContext, RouteResult } from './route-table.js'
import { portalPageQuery } from './schemas/inputs.js'

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)

function enabled(services: ApiServices) {
  if (!services.portal) throw new CallhookError('not_found', 'The portal is turned off (the portal option is false)')
  return services.portal
}

/**
 * The page. Its URLs are relative to itself, so it works wherever the host mounts the API:
 * `{path}/portal` -> API `.`, assets `portal/assets/…`; `{path}/portal/` -> `..`, `assets/…`.
 */
async function portalPage(services: ApiServices, c: RouteContext): Promise<RouteResult> {
  const links = enabled(services)
  const token = c.query.token
  // a forged, tampered or expired link is refused here already (401), before any API call
  const grant = token ? links.verify(token) : undefined
  const slash = c.path.endsWith('/')
  const lang = negotiateLang(c.query.lang, first(c.headers['accept-language']))
  const page = renderPortalPage({
    apiPath: slash ? '..' : '.',
    assetBase: slash ? 'assets/' : 'portal/assets/',
    lang,
    ...(grant ? { token, readonly: grant.capability === 'read' } : {}),
  })
  const { 'content-type': contentType = 'text/html; charset=utf-8', ...headers } = page.headers
  return { status: 200, raw: page.html, contentType, headers }
}

/** A hashed asset: immutable, with an ETag (304 to a matching If-None-Match). */
async function portalAsset(services: ApiServices, c: RouteContext): Promise<RouteResult> {
  enabled(services)
  const answer = handlePortalRequest({ method: 'GET', path: `/portal/assets/${c.params.name}`, headers: c.headers, mountPath: '' })
  if (!answer || answer.status === 404) throw new CallhookError('not_found', `No portal asset named "${c.params.name}"`)
  const { 'content-type': contentType = 'application/octet-stream', ...headers } = answer.headers
  if (answer.body === undefined) return { status: answer.status, headers: answer.headers }
  return { status: answer.status, raw: answer.body, contentType, headers }
}

/** `GET {path}/portal` and `GET {path}/portal/assets/*`: served without a tenant, as they hold no account data. */
export const portalRoutes: readonly Route[] = [
  {
    method: 'GET', path: '/portal', operationId: 'getPortalPage', tag: 'Portal', public: true,
    summary: 'The webhooks portal: an HTML page (strict CSP) holding the <callhook-portal> element',
    description: 'Language from `lang`, else `Accept-Language`, else English. Served without a tenant (the page holds no account data; the element then calls this API with the visitor\'s session or portal link). With `token` (a portal link) the page is scoped to that link\'s account; a forged, tampered or expired token answers 401 `invalid_portal_link`. 404 when the `portal` option is false.',
    query: portalPageQuery, problems: [404],
    answers: { 200: { description: 'The page', contentType: 'text/html' } },
    handler: portalPage,
  },
  {
    method: 'GET', path: '/portal/assets/:name*', operationId: 'getPortalAsset', tag: 'Portal', public: true, problems: [404],
    summary: "The portal's hashed scripts and stylesheets (Cache-Control immutable, ETag)",
    answers: { 200: { description: 'The asset (JavaScript or CSS; the name carries a content hash)', contentType: 'text/javascript' }, 304: { description: 'Not modified' } },
    handler: portalAsset,
  },
]
