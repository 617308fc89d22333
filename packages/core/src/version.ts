/** @callhook/core's version (package.json's, checked by version.test.ts); the OpenAPI document's `info.version`. */
export const VERSION = '0.1.0'
