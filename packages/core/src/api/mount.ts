/** Normalises a mount path: leading slash, no trailing slash (`webhooks/` -> `/webhooks`). */
export function normaliseMountPath(path: string): string {
  const trimmed = `/${path}`.replace(/\/+/g, '/').replace(/\/$/, '')
  return trimmed
}

/** The part of `urlPath` under `mountPath` (`/webhooks/endpoints` -> `/endpoints`), or null when outside it. */
export function pathUnderMount(urlPath: string, mountPath: string): string | null {
  const path = urlPath.split('?', 1)[0]!
  if (mountPath === '') return path || '/'
  if (path === mountPath) return '/'
  return path.startsWith(`${mountPath}/`) ? path.slice(mountPath.length) : null
}
