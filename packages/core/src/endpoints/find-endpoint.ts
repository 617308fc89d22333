import { inScope, type CoreContext, type Scope } from '../context.js'
import { notFound, type EndpointRecord } from '../model/index.js'

/**
 * The stored endpoint, secrets included, for callhook's own use (test sends, the delivery log's
 * tenant check); never handed to the host. not_found when absent or another tenant's.
 */
export async function findEndpoint(ctx: CoreContext, id: string, scope?: Scope): Promise<EndpointRecord> {
  await ctx.ready()
  const record = await ctx.store.getEndpoint(id)
  if (!record || !inScope(scope, record.accountId)) throw notFound('endpoint', id)
  return record
}
