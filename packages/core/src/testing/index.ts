export { describeStoreContract } from './store-contract.js'
export { endpointRecord, eventRecord, deliveryRecord, attemptRecord } from './records.js'
export { startTestReceiver, type TestReceiver, type ReceivedRequest, type TestReply } from './receiver.js'
export { signedRequest, TEST_SECRET, type SignedRequestOptions } from './signed-request.js'
