import { describe, expect, it } from 'vitest'
import type { Route } from './host.js'
import { hashToRoute, routeToHash } from './hash-route.js'

describe('hash routes of the standalone page', () => {
  it('round-trips every screen, ids encoded', () => {
    const routes: Route[] = [
      { view: 'endpoints' }, { view: 'new' }, { view: 'catalogue' }, { view: 'endpoint', id: 'ep_1' }, { view: 'edit', id: 'ep_1' },
      { view: 'delivery', id: 'dlv_2', endpointId: 'ep/odd id' },
    ]
    for (const route of routes) expect(hashToRoute(routeToHash(route))).toEqual(route)
    expect(routeToHash({ view: 'delivery', id: 'dlv_2', endpointId: 'ep/odd id' })).toBe('#/endpoints/ep%2Fodd%20id/deliveries/dlv_2')
  })

  it('ignores hashes that name no screen (the element stays where it is)', () => {
    for (const hash of ['', '#', '#top', '#/endpoints/ep_1/nope', '#/endpoints/ep_1/deliveries', '#/event-types/x']) expect(hashToRoute(hash)).toBeNull()
  })
})
