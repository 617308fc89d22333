export { portalAssets, type PortalAsset, type PortalBundle } from './portal-assets.js'
export { renderPortalPage, PORTAL_CSP, type RenderPortalPageOptions, type PortalPage } from './render-page.js'
export { negotiateLang, PORTAL_LANGS, type PortalLang } from './negotiate-lang.js'
export { handlePortalRequest, type PortalRequest, type PortalResponse } from './handle-portal-request.js'
