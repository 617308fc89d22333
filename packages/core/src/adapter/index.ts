/**
 * `@callhook/core/adapter`: what every framework adapter shares. An adapter resolves its options
 * with `createApiMount` and `createReceiver`, then only moves bytes and headers between its
 * framework and these; `@callhook/core/testing`'s contract suites prove it.
 */
export { createApiMount, type AdapterOptions, type ApiMount } from './api-mount.js'
export { createReceiver, type ReceiverOptions, type ReceiverDefaults, type IncomingRequest, type ReceiverOutcome, type WebhookReceiver, type WebhookVerification } from './webhook-receiver.js'
export type { ApiRequest, ApiResponse } from '../api/handle-request.js'
export { errorResponse, PROBLEM_CONTENT_TYPE, type Problem } from '../api/problem.js'
export { readRawBody, readJsonBody, readVerifiableBody, isUnparseableJson } from '../api/read-body.js'
export { normaliseMountPath, pathUnderMount } from '../api/mount.js'
