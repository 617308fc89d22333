import { CallhookError } from '../errors.js'

/** Deeper JSON than this is refused: nothing callhook accepts nests that far. */
export const MAX_JSON_DEPTH = 32

const unsafe = (message: string) => new CallhookError('invalid_json', message)

/** Refuses `__proto__` keys and `constructor.prototype`, the shapes of prototype pollution. */
function checkKey(key: string, value: unknown): void {
  if (key === '__proto__') throw unsafe('The request body has a "__proto__" key; it is refused')
  if (key === 'constructor' && value !== null && typeof value === 'object' && Object.hasOwn(value, 'prototype')) {
    throw unsafe('The request body has a "constructor.prototype" key; it is refused')
  }
}

/** Depth of arrays/objects in JSON text, counted outside strings, without parsing it. */
function depthOf(text: string, limit: number): void {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92 /* \ */) i++
      else if (c === 34 /* " */) inString = false
    } else if (c === 34) inString = true
    else if (c === 123 || c === 91) {
      if (++depth > limit) throw unsafe(`The request body nests deeper than ${limit} levels`)
    } else if (c === 125 || c === 93) depth--
  }
}

/** JSON.parse with a depth limit and prototype-pollution guards; throws `invalid_json` (400). */
export function parseJsonSafely(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  depthOf(text, maxDepth)
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new CallhookError('invalid_json', 'The request body is not valid JSON', { cause: error })
  }
  checkValue(parsed, maxDepth)
  return parsed
}

/** The same checks on a value a framework's body parser already made. */
export function checkValue(value: unknown, maxDepth = MAX_JSON_DEPTH, depth = 0): void {
  if (value === null || typeof value !== 'object') return
  if (depth >= maxDepth) throw unsafe(`The request body nests deeper than ${maxDepth} levels`)
  for (const key of Object.keys(value)) {
    const child = (value as Record<string, unknown>)[key]
    checkKey(key, child)
    checkValue(child, maxDepth, depth + 1)
  }
}
