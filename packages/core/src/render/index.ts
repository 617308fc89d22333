// `@callhook/core/render`: the pure renderers (no Node APIs), for code that must show the exact
// request callhook sends — the portal's live preview bundles them into the browser.
export { formFields } from './form-body.js'
export { presetFormats, renderPreset } from './presets/index.js'
export { renderPixelVariables, renderUrlTokens } from './url-tokens.js'
export { escaperFor } from './template-escape.js'
export { encodeForm } from '../signing/form-fields.js'
