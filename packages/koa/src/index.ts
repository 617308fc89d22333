export { webhooks, type KoaWebhooksOptions, type KoaWebhooksMiddleware } from './webhooks.js'
export { verifyWebhook, type KoaVerifyOptions } from './verify-webhook.js'
export { emit, createWebhooks, defaultWebhooks, WebhookVerificationError, CallhookError } from '@callhook/core'
