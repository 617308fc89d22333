import type { Route } from './host.js'

/** A screen as a location hash, so the standalone page has links and a working Back button. */
export function routeToHash(route: Route): string {
  const id = (value: string) => encodeURIComponent(value)
  switch (route.view) {
    case 'endpoints': return '#/endpoints'
    case 'new': return '#/endpoints/new'
    case 'edit': return `#/endpoints/${id(route.id)}/edit`
    case 'endpoint': return `#/endpoints/${id(route.id)}`
    case 'delivery': return `#/endpoints/${id(route.endpointId)}/deliveries/${id(route.id)}`
    case 'catalogue': return '#/event-types'
  }
}

/** The screen a hash names; null for anything else (the element then stays where it is). */
export function hashToRoute(hash: string): Route | null {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p)
    } catch {
      return ''
    }
  })
  const [first, second, third, fourth] = parts
  if (first === 'event-types' && parts.length === 1) return { view: 'catalogue' }
  if (first !== 'endpoints') return null
  if (parts.length === 1) return { view: 'endpoints' }
  if (!second) return null
  if (second === 'new' && parts.length === 2) return { view: 'new' }
  if (parts.length === 2) return { view: 'endpoint', id: second }
  if (third === 'edit' && parts.length === 3) return { view: 'edit', id: second }
  if (third === 'deliveries' && fourth && parts.length === 4) return { view: 'delivery', id: fourth, endpointId: second }
  return null
}
