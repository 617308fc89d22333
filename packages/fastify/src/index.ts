export { webhooks, webhookReceiver, type FastifyWebhooksOptions } from './webhooks.js'
export { verifyWebhook, type FastifyVerifyOptions } from './verify-webhook.js'
export { emit, createWebhooks, defaultWebhooks, WebhookVerificationError, CallhookError } from '@callhook/core'
