import { isPhpIntegerKey } from './php-form.js'

/**
 * PHP 8's `ksort($a)` order (SORT_REGULAR), for keys held as byte strings: two integer keys
 * compare as numbers; two numeric strings (`"1.5"`, `" 2"`, `"1e3"`) compare as numbers; an
 * integer and a numeric string as numbers; anything else byte by byte. PHP's sort is stable.
 * (With keys such as "10", "9", "1a" this order is not transitive, and PHP's result then depends
 * on its sort algorithm's steps; such key sets are the one case not reproduced exactly.)
 */
export function phpKsort<T>(entries: ReadonlyArray<readonly [string, T]>): Array<readonly [string, T]> {
  return [...entries].sort(([a], [b]) => phpKeyCompare(a, b))
}

const NUMERIC = /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[ \t\n\r\v\f]*$/
const INTEGER_TEXT = /^[ \t\n\r\v\f]*[+-]?\d+[ \t\n\r\v\f]*$/

type Numeric = { int: bigint } | { float: number }

/** is_numeric_string: the number a string holds (integer when it fits a long), or null. */
function numeric(text: string): Numeric | null {
  if (!NUMERIC.test(text)) return null
  if (INTEGER_TEXT.test(text)) {
    const n = BigInt(text.trim())
    if (n >= -(2n ** 63n) && n < 2n ** 63n) return { int: n }
  }
  return { float: Number(text.trim()) }
}

function compareNumbers(a: Numeric, b: Numeric): number {
  if ('int' in a && 'int' in b) return a.int < b.int ? -1 : a.int > b.int ? 1 : 0
  const x = 'int' in a ? Number(a.int) : a.float
  const y = 'int' in b ? Number(b.int) : b.float
  return x < y ? -1 : x > y ? 1 : 0
}

function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0 // byte strings: one char per byte, so code units order as bytes
}

export function phpKeyCompare(a: string, b: string): number {
  const aInt = isPhpIntegerKey(a)
  const bInt = isPhpIntegerKey(b)
  if (aInt && bInt) return compareNumbers({ int: BigInt(a) }, { int: BigInt(b) })
  if (!aInt && !bInt) {
    const [x, y] = [numeric(a), numeric(b)]
    return x && y ? compareNumbers(x, y) : compareBytes(a, b)
  }
  // an integer against a string: numerically when the string is numeric, else as strings
  const [intKey, strKey, sign] = aInt ? [a, b, 1] : [b, a, -1]
  const n = numeric(strKey)
  return sign * (n ? compareNumbers({ int: BigInt(intKey) }, n) : compareBytes(intKey, strKey))
}
