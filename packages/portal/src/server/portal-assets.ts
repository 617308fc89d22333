import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** One built file of the portal, ready to serve. */
export interface PortalAsset {
  /** Its name under `{path}/portal/assets/`, hash included: `callhook-portal-B2x9a1.js`. */
  name: string
  contentType: string
  /** Every asset is text (JavaScript, CSS), so it fits a `{ status, headers, body: string }` response. */
  body: string
  /** A strong ETag (the content's SHA-256). */
  etag: string
}

export interface PortalBundle {
  /** Every asset by name. Names carry a content hash, so they can be cached forever. */
  assets: ReadonlyMap<string, PortalAsset>
  /** The element's script. */
  script: string
  /** The standalone page's stylesheet. */
  stylesheet: string
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml; charset=utf-8',
}

interface ManifestChunk {
  file: string
  isEntry?: boolean
  css?: string[]
  assets?: string[]
}

/** Where `vite build` wrote the bundle: packages/portal/dist, two levels above src/server and build/server alike. */
const DIST = fileURLToPath(new URL('../../dist/', import.meta.url))

let cached: PortalBundle | undefined

/**
 * The built element and page stylesheet, read once from `dist/` (`pnpm --filter @callhook/portal
 * build` makes it). Throws a message saying how to build it when it is missing.
 */
export function portalAssets(dist: string = DIST): PortalBundle {
  if (cached && dist === DIST) return cached
  let manifest: Record<string, ManifestChunk>
  try {
    manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>
  } catch (error) {
    throw new Error(`callhook portal: the bundle is not built (${join(dist, '.vite', 'manifest.json')} is missing); run \`pnpm --filter @callhook/portal build\``, { cause: error })
  }
  const files = new Set<string>()
  for (const chunk of Object.values(manifest)) for (const file of [chunk.file, ...(chunk.css ?? []), ...(chunk.assets ?? [])]) files.add(file)
  const assets = new Map<string, PortalAsset>()
  for (const file of files) {
    const name = file.replace(/^assets\//, '')
    const contentType = CONTENT_TYPES[extname(name)]
    if (!contentType) throw new Error(`callhook portal: ${file} is not a text asset (JavaScript, CSS or SVG); the portal ships none other`)
    const body = readFileSync(join(dist, file), 'utf8')
    assets.set(name, { name, contentType, body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` })
  }
  const entry = (key: string) => {
    const chunk = manifest[key]
    if (!chunk) throw new Error(`callhook portal: ${key} is not in the bundle's manifest; rebuild with \`pnpm --filter @callhook/portal build\``)
    return chunk.file.replace(/^assets\//, '')
  }
  const bundle: PortalBundle = { assets, script: entry('src/element/index.ts'), stylesheet: entry('src/element/page.css') }
  if (dist === DIST) cached = bundle
  return bundle
}
