import { z } from 'zod'
import type { Health } from '../../health/health-service.js'
import type { Same } from './common.js'
import { named } from './named.js'

/** `GET /health`, both its 200 and its 503 answer. */
export const healthView = named('Health', z.strictObject({
  status: z.enum(['ok', 'unavailable']).describe('ok: the store answers (200); unavailable: it does not (503)'),
  store: z.enum(['ok', 'unavailable']),
  dispatcher: z.enum(['running', 'stopped', 'store_unavailable']).describe('stopped: this process does not deliver (dispatch: false) or is closed'),
  queue: z.strictObject({
    depth: z.int().nonnegative().nullable().describe('Deliveries due now and not yet done; null when the store does not answer'),
    oldestAgeSeconds: z.number().nonnegative().nullable().describe('How long the oldest due delivery has waited; 0 when none is due'),
  }),
}).describe('Readiness: does the store answer, and how far behind is delivery'))

true satisfies Same<z.output<typeof healthView>, Health>
