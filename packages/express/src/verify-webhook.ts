import { createReceiver, readVerifiableBody, type ReceiverOptions, type WebhookVerification } from '@callhook/core/adapter'
import type { NextFunction, Request, Response } from 'express'
import { send } from './webhooks.js'

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The verified, parsed webhook (the JSON event, or the form fields), set by verifyWebhook. */
      webhook?: unknown
      /** How it was verified: scheme, webhook-id, timestamp, which secret matched. */
      webhookVerification?: WebhookVerification
    }
  }
}

/**
 * The secret(s), scheme and tolerance; `url` (default
 * `${req.protocol}://${req.get('host')}${req.originalUrl}`, set 'trust proxy' behind a proxy) and `limit`.
 */
export interface ExpressVerifyOptions extends ReceiverOptions<Request> {}

const PARSER_HINT =
  "Mount verifyWebhook before express.json()/express.urlencoded() — e.g. app.post('/incoming', verifyWebhook({ secret }), handler) " +
  "with the parsers applied to other routes only — or put express.raw({ type: '*/*' }) in front of it."

/** Receiving side: checks the signature, sets `req.webhook`, answers 401 problem+json when it is not genuine. */
export function verifyWebhook(options: ExpressVerifyOptions) {
  const receive = createReceiver<Request>(options, { url: (req) => `${req.protocol}://${req.get('host')}${req.originalUrl}` })
  return async function verifyWebhook(req: Request, res: Response, next: NextFunction): Promise<void> {
    const outcome = await receive(req, { headers: req.headers, rawBody: (limit) => readVerifiableBody(req.body, req, req.headers, limit, PARSER_HINT) })
    if (!outcome.ok) return send(res, outcome.response)
    req.webhook = outcome.webhook
    req.webhookVerification = outcome.verification
    next()
  }
}
