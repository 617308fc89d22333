export { webhooks, type ExpressWebhooksOptions, type WebhooksMiddleware } from './webhooks.js'
export { verifyWebhook, type ExpressVerifyOptions } from './verify-webhook.js'
export { emit, createWebhooks, defaultWebhooks, WebhookVerificationError, CallhookError } from '@callhook/core'
