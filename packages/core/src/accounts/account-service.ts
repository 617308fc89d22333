import { z } from 'zod'
import type { CoreContext, Scope } from '../context.js'
import { defaultAccount, type AccountRecord } from '../model/index.js'
import { parseInput } from '../util/zod-errors.js'

export const accountUpdateSchema = z.strictObject({
  webhooksEnabled: z.boolean().optional().describe("false: the account's endpoints get no new deliveries, and its pending deliveries fail when due (replay them after switching back on)"),
})

export type AccountUpdateInput = z.input<typeof accountUpdateSchema>

/** An account as `GET /account` shows it. */
export type Account = AccountRecord

/**
 * The account-wide switch (seed 004: webhooks are turned on for the whole account before any is
 * added). The account is the scope's tenant; without tenancy, the one account of the instance
 * (`accountId: null`). Never set: webhooks on.
 */
export class AccountService {
  readonly #ctx: CoreContext

  constructor(ctx: CoreContext) {
    this.#ctx = ctx
  }

  /** The scope's account settings (the defaults when never changed). */
  async get(scope?: Scope): Promise<Account> {
    await this.#ctx.ready()
    const accountId = scope?.accountId ?? null
    return (await this.#ctx.store.getAccount(accountId)) ?? defaultAccount(accountId)
  }

  /**
   * Changes the fields given. Switching webhooks off applies at once in this instance: emits no
   * longer queue deliveries for the account's endpoints, and its pending deliveries fail when they
   * come due; switching on again sends new events (replay or redeliver what failed meanwhile).
   */
  async update(input: unknown, scope?: Scope): Promise<Account> {
    const patch = parseInput(accountUpdateSchema, input ?? {}, 'The account update')
    const current = await this.get(scope)
    if (patch.webhooksEnabled === undefined || patch.webhooksEnabled === current.webhooksEnabled) return current
    const next: AccountRecord = { ...current, webhooksEnabled: patch.webhooksEnabled, updatedAt: new Date().toISOString() }
    await this.#ctx.store.putAccount(next)
    this.#ctx.accounts.forget(next.accountId)
    if (next.webhooksEnabled) this.#ctx.dispatcher.wake()
    return next
  }
}
