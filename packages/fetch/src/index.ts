export { webhooks, type FetchWebhooksOptions, type FetchWebhooksHandler } from './webhooks.js'
export { verifyWebhook, handleWebhook, problemResponse, type FetchVerifyOptions } from './verify-webhook.js'
export { emit, createWebhooks, defaultWebhooks, WebhookVerificationError, CallhookError, type VerifiedWebhook } from '@callhook/core'
