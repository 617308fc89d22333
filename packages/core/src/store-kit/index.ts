/**
 * `@callhook/core/store-kit`: what the SQL stores share — row mapping, claim order, the endpoint
 * patch merge — so each store holds only its own SQL.
 */
export { byClaimOrder } from './claim-order.js'
export { mergeEndpointPatch } from './endpoint-patch.js'
export { deepFreeze } from '../util/frozen.js'
export { EndpointAnswers } from './endpoint-answers.js'
export {
  deliveryPatchColumns, fromDelivery, fromJson, isoTime, toAttempt, toDelivery, toEvent, type AttemptRow, type DeliveryRow, type EventRow, type Json, type Time,
} from './rows.js'
export { bucketMs, bucketStartMs, percentileCont, roundMs, toStatsBucket, type StatsRow } from './stats.js'
