import type { EndpointRecord, EndpointUpdateRecord } from '../model/index.js'

/** The endpoint after an update: the patch over the current record, `updatedAt` now unless the patch sets it. */
export function mergeEndpointPatch(current: EndpointRecord, patch: EndpointUpdateRecord): EndpointRecord {
  return { ...current, ...patch, updatedAt: patch.updatedAt ?? new Date().toISOString() }
}
