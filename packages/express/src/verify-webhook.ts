import { createVerifier, errorResponse, readVerifiableBody, type VerifiedWebhook, type VerifyOptions } from '@callhook/core'
import type { NextFunction, Request, Response } from 'express'
import { send } from './webhooks.js'

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The verified, parsed webhook (the JSON event, or the form fields), set by verifyWebhook. */
      webhook?: unknown
      /** How it was verified: scheme, webhook-id, timestamp, which secret matched. */
      webhookVerification?: Omit<VerifiedWebhook, 'event'>
    }
  }
}

export interface ExpressVerifyOptions extends VerifyOptions {
  /**
   * The exact URL the sender posts to (the calltracking scheme signs it).
   * @default the request's own URL: `${req.protocol}://${req.get('host')}${req.originalUrl}` (set 'trust proxy' behind a proxy)
   */
  url?: string | ((req: Request) => string)
  /**
   * The largest body accepted.
   * @default 1048576 (1 MiB)
   */
  limit?: number
}

const PARSER_HINT =
  "Mount verifyWebhook before express.json()/express.urlencoded() — e.g. app.post('/incoming', verifyWebhook({ secret }), handler) " +
  "with the parsers applied to other routes only — or put express.raw({ type: '*/*' }) in front of it."

/** Receiving side: checks the signature, sets `req.webhook`, answers 401 problem+json when it is not genuine. */
export function verifyWebhook(options: ExpressVerifyOptions) {
  const { url, limit = 1024 * 1024, ...verifyOptions } = options
  const verify = createVerifier(verifyOptions)
  return async function verifyWebhook(req: Request, res: Response, next: NextFunction): Promise<void> {
    let verified: VerifiedWebhook
    try {
      const rawBody = await readVerifiableBody(req.body, req, req.headers, limit, PARSER_HINT)
      const requestUrl = () => (typeof url === 'function' ? url(req) : url ?? `${req.protocol}://${req.get('host')}${req.originalUrl}`)
      verified = verify({ headers: req.headers, rawBody, url: requestUrl })
    } catch (error) {
      send(res, errorResponse(error, (e) => console.error('callhook: verifyWebhook failed unexpectedly', e)))
      return
    }
    const { event, ...verification } = verified
    req.webhook = event
    req.webhookVerification = verification
    next()
  }
}
