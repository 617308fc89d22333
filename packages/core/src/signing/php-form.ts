/**
 * A form body read exactly the way PHP fills `$_POST` (and `parse_str`), byte for byte: a
 * receiver written from seed 000 signs what PHP parsed, so the verifier must parse the same.
 *
 * Keys and values are "byte strings": each character is one byte (`latin1`), so a Latin-1 body
 * from a French PHP sender survives untouched; nothing is UTF-8-decoded before the HMAC.
 *
 * PHP's rules (main/php_variables.c), reproduced here:
 * - pairs split on `&` (empty pairs skipped); `+` and `%XX` decoded; a name ends at a NUL byte;
 * - leading spaces of a name are dropped; an empty name is skipped;
 * - before the first `[`, `.` and space become `_`;
 * - `a[b]` nests, `a[b][c]` nests deeper, `a[]` (or `a[ ]`) appends at the next integer index;
 * - a sub-key ends at the FIRST `]` (`a[x[y]]` is `a["x[y"]`); text after a `]` that is not
 *   `[` is ignored; a `[` with no `]` is not an index: it becomes `_` (with `.`, space and `[` after it);
 * - canonical decimal keys (`"5"`, `"-3"`, not `"05"`) are integers; the last duplicate wins,
 *   keeping the first one's position; a scalar and an array under one key: the later replaces.
 */
export type PhpValue = string | PhpArray
/** An ordered PHP array; integer keys are held as their decimal text (the same bytes PHP prints). */
export type PhpArray = Map<string, PhpValue>

/** PHP's default `max_input_nesting_level`: a deeper variable is dropped. */
const MAX_NESTING = 64
const LONG_MIN = -(2n ** 63n)
const LONG_MAX = 2n ** 63n - 1n

/** True when PHP stores this key as an integer (ZEND_HANDLE_NUMERIC_STR). */
export function isPhpIntegerKey(key: string): boolean {
  if (!/^(0|-?[1-9]\d{0,19})$/.test(key)) return false
  const n = BigInt(key)
  return n >= LONG_MIN && n <= LONG_MAX
}

/** php_url_decode: `+` is a space, `%XX` a byte, anything else (a lone `%` too) as it is. */
export function phpUrlDecode(bytes: Buffer): string {
  const out = Buffer.allocUnsafe(bytes.length)
  let n = 0
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!
    if (b === 0x2b) out[n++] = 0x20
    else if (b === 0x25 && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
      out[n++] = parseInt(String.fromCharCode(bytes[i + 1]!, bytes[i + 2]!), 16)
      i += 2
    } else out[n++] = b
  }
  return out.toString('latin1', 0, n)
}

function isHex(b: number | undefined): boolean {
  return b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66))
}

/** Parses an `application/x-www-form-urlencoded` body into PHP's `$_POST` array. */
export function parsePhpForm(body: Buffer | string): PhpArray {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body
  const top: PhpArray = new Map()
  let start = 0
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x26, start)
    if (end < 0) end = bytes.length
    if (end > start) {
      const pair = bytes.subarray(start, end)
      const eq = pair.indexOf(0x3d)
      const name = phpUrlDecode(eq < 0 ? pair : pair.subarray(0, eq))
      const value = eq < 0 ? '' : phpUrlDecode(pair.subarray(eq + 1))
      registerVariable(top, name, value)
    }
    start = end + 1
  }
  return top
}

/** php_register_variable_ex: one `name=value` pair into the array. */
function registerVariable(top: PhpArray, rawName: string, value: string): void {
  let name = rawName.split('\0', 1)[0]!.replace(/^ +/, '')
  const open = name.indexOf('[')
  const base = (open < 0 ? name : name.slice(0, open)).replace(/[ .]/g, '_')
  if (base.length === 0) return
  if (open < 0) return void top.set(base, value)
  name = base + name.slice(open)

  // Walk the `[...]` parts: `path` holds the keys already walked (null: "next index").
  const path: Array<string | null> = []
  let index: string | null = base
  let ip = base.length // at a '['
  for (;;) {
    if (path.length >= MAX_NESTING) return void top.delete(base)
    const keyStart = ip + 1
    let sub: string | null
    const at = name[keyStart] === ' ' ? keyStart + 1 : keyStart
    if (name[at] === ']') {
      sub = null
      ip = at
    } else {
      const close = name.indexOf(']', at)
      if (close < 0) {
        // not an index: at the first level the '[' and what follows join the plain name;
        // deeper, the rest is ignored
        if (path.length === 0) index = base + '_' + name.slice(keyStart).replace(/[ .[]/g, '_')
        break
      }
      sub = name.slice(keyStart, close)
      ip = close
    }
    path.push(index)
    index = sub
    if (name[ip + 1] !== '[') break
    ip += 1
  }
  assign(top, path, index, value)
}

/** Creates the arrays along `path` (replacing scalars), then sets (or appends) the value. */
function assign(top: PhpArray, path: Array<string | null>, last: string | null, value: string): void {
  let table = top
  for (const key of path) {
    const k = key ?? nextIndex(table)
    let element = table.get(k)
    if (!(element instanceof Map)) table.set(k, (element = new Map()))
    table = element
  }
  table.set(last ?? nextIndex(table), value)
}

/** PHP 8's next free index: one past the largest integer key, or 0. */
function nextIndex(table: PhpArray): string {
  let next: bigint | null = null
  for (const key of table.keys()) {
    if (isPhpIntegerKey(key)) {
      const n = BigInt(key)
      if (next === null || n >= next) next = n < LONG_MAX ? n + 1n : LONG_MAX
    }
  }
  return String(next ?? 0n)
}
