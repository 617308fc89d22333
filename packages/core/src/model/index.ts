export type { AttemptRecord, ReceivedResponse, SentRequest } from './attempt.js'
export { newDelivery, type AttemptTrigger, type DeliveryRecord, type DeliveryStatus, type DeliveryUpdate } from './delivery.js'
export {
  signingSecrets, toPublicEndpoint, type Endpoint, type EndpointAuth, type EndpointFormat, type EndpointMethod, type EndpointPreset, type EndpointRecord,
  type EndpointTemplate, type EndpointUpdateRecord, type PreviousSecret, type RetrySettings, type SignatureScheme,
} from './endpoint.js'
export type { EventRecord } from './event.js'
export { filtersSchema, matchesFilters, type EndpointFilters } from './filters.js'
export { judgeEndpoint } from './judge-endpoint.js'
export { notFound } from './not-found.js'
export { isOperationalEventType, OPERATIONAL_EVENT_TYPES, subscriptionsFor, type OperationalEventType } from './operational-types.js'
export { generateSecret, SECRET_PATTERN, SECRET_PREFIX, SECRET_RULE, standardWebhooksKey } from './secret.js'
export { defaultAccount, type AccountRecord } from './account.js'
