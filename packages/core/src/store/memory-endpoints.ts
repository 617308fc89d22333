import { subscriptionsFor, type EndpointRecord, type EndpointUpdateRecord } from '../model/index.js'
import { mergeEndpointPatch } from '../store-kit/endpoint-patch.js'
import { frozenCopy } from '../util/frozen.js'
import type { ListEndpointsQuery } from './queries.js'

/**
 * The memory store's endpoints: frozen records by id, and an index by subscribed event type so
 * emit never scans them all.
 */
export class MemoryEndpoints {
  readonly #byId = new Map<string, EndpointRecord>()
  /** event type (or '*') -> ids of endpoints subscribed to it */
  readonly #byEventType = new Map<string, Set<string>>()

  insert(endpoint: EndpointRecord): void {
    if (this.#byId.has(endpoint.id)) throw new Error(`Endpoint ${endpoint.id} already exists`)
    this.#byId.set(endpoint.id, frozenCopy(endpoint))
    this.#index(endpoint)
  }

  get(id: string): EndpointRecord | null {
    return this.#byId.get(id) ?? null
  }

  list(query: ListEndpointsQuery): EndpointRecord[] {
    return [...this.#byId.values()]
      .filter((e) => (query.accountId === undefined || e.accountId === query.accountId) && (query.after === undefined || e.id > query.after))
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .slice(0, query.limit)
  }

  update(id: string, patch: EndpointUpdateRecord): EndpointRecord | null {
    const current = this.#byId.get(id)
    if (!current) return null
    this.#unindex(current)
    const next = frozenCopy(mergeEndpointPatch(current, patch))
    this.#byId.set(id, next)
    this.#index(next)
    return next
  }

  /** Removes the endpoint; false if there was none. */
  delete(id: string): boolean {
    const current = this.#byId.get(id)
    if (!current) return false
    this.#unindex(current)
    this.#byId.delete(id)
    return true
  }

  /** Enabled endpoints subscribed to the type, or to '*' unless the type is operational. */
  forEvent(type: string, accountId: string | null): EndpointRecord[] {
    const ids = new Set(subscriptionsFor(type).flatMap((t) => [...(this.#byEventType.get(t) ?? [])]))
    const out: EndpointRecord[] = []
    for (const id of ids) {
      const e = this.#byId.get(id)!
      if (e.enabled && (e.accountId === null || e.accountId === accountId)) out.push(e)
    }
    return out.sort((a, b) => (a.id < b.id ? -1 : 1))
  }

  #index(endpoint: EndpointRecord): void {
    for (const type of endpoint.events) {
      let set = this.#byEventType.get(type)
      if (!set) this.#byEventType.set(type, (set = new Set()))
      set.add(endpoint.id)
    }
  }

  #unindex(endpoint: EndpointRecord): void {
    for (const type of endpoint.events) this.#byEventType.get(type)?.delete(endpoint.id)
  }
}
