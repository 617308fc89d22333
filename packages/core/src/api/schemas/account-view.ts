import { z } from 'zod'
import type { Account } from '../../accounts/account-service.js'
import { timestamp, type Same } from './common.js'
import { named } from './named.js'

/** `GET /account`, `PATCH /account`: the account-wide switch. */
export const accountView = named('Account', z.strictObject({
  accountId: z.string().nullable().describe("The tenant; null without tenancy (the instance's one account)"),
  webhooksEnabled: z.boolean().describe("false: the account's endpoints get no new deliveries, and its pending deliveries fail when due"),
  updatedAt: timestamp.nullable().describe('When the settings were last changed; null: never (webhooks on by default)'),
}))

true satisfies Same<z.output<typeof accountView>, Account>
