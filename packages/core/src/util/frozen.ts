/** Freezes a value and everything inside it. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key])
  }
  return value
}

/**
 * A deep, frozen copy of a JSON-shaped value, exactly as a JSON round trip would give it back
 * (what every durable store keeps). Plain data — plain objects and arrays of strings, finite
 * numbers, booleans and null — is copied and frozen in one pass; anything JSON would change or
 * refuse (undefined, a Date or other toJSON, NaN, a class instance, a BigInt, a key `__proto__`,
 * an array hole, nesting past 100 levels or a cycle) takes the round trip itself, with its
 * result or its error. The one pass costs about a third of the round trip on an emit's data, and
 * its objects take less memory than JSON.parse's (100,000 stored events: 194 MiB against 248).
 */
export function frozenCopy<T>(value: T): T {
  const copy = plainCopy(value, 0)
  return copy !== NOT_PLAIN ? (copy as T) : deepFreeze(JSON.parse(JSON.stringify(value)) as T)
}

const NOT_PLAIN = Symbol('not plain data')
const MAX_DEPTH = 100

function plainCopy(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value
    case 'number':
      return Number.isFinite(value) ? (value === 0 ? 0 : value) : NOT_PLAIN // -0 comes back as 0
    case 'object':
      if (value === null) return null
      if (depth >= MAX_DEPTH) return NOT_PLAIN
      return Array.isArray(value) ? copyArray(value, depth) : copyObject(value, depth)
    default:
      return NOT_PLAIN
  }
}

function copyArray(value: readonly unknown[], depth: number): unknown {
  const out = new Array<unknown>(value.length)
  for (let i = 0; i < value.length; i++) {
    if (!(i in value)) return NOT_PLAIN
    const item = plainCopy(value[i], depth + 1)
    if (item === NOT_PLAIN) return NOT_PLAIN
    out[i] = item
  }
  return Object.freeze(out)
}

function copyObject(value: object, depth: number): unknown {
  const prototype = Object.getPrototypeOf(value)
  if ((prototype !== Object.prototype && prototype !== null) || typeof (value as { toJSON?: unknown }).toJSON === 'function') return NOT_PLAIN
  if (Object.getOwnPropertySymbols(value).length > 0) return NOT_PLAIN // a spread would copy them; JSON leaves them out
  // A spread copies the layout of an ordinary object, as compact as JSON.parse's (an object
  // filled key by key takes about a third more memory); its keys come in JSON's order, integer
  // keys first. Each value is read once, from the spread.
  const out: Record<string, unknown> = { ...value }
  for (const key of Object.keys(out)) {
    if (key === '__proto__') return NOT_PLAIN
    const item = plainCopy(out[key], depth + 1)
    if (item === NOT_PLAIN) return NOT_PLAIN
    out[key] = item
  }
  return Object.freeze(out)
}
