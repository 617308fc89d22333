import { randomBytes } from 'node:crypto'

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz' // Crockford base32, lower case

let lastMs = 0
let sequence = 0

/**
 * A prefixed, time-ordered identifier (`ep_01j…`): 10 characters of millisecond time, 4 of
 * in-process sequence, 12 random. Ids made later sort after ids made earlier in this process,
 * which is what cursor paging relies on.
 */
export function newId(prefix: string): string {
  const now = Date.now()
  if (now === lastMs) sequence++
  else {
    lastMs = now
    sequence = 0
  }
  return `${prefix}_${encode(now, 10)}${encode(sequence, 4)}${randomChars(12)}`
}

function encode(value: number, length: number): string {
  let out = ''
  let rest = value
  for (let i = 0; i < length; i++) {
    out = ALPHABET[rest % 32] + out
    rest = Math.floor(rest / 32)
  }
  return out
}

// Random bytes drawn 4 KiB at a time: one syscall per ~340 ids instead of one per id.
let pool = Buffer.alloc(0)
let offset = 0

function randomChars(length: number): string {
  if (offset + length > pool.length) {
    pool = randomBytes(4096)
    offset = 0
  }
  let out = ''
  for (let i = 0; i < length; i++) out += ALPHABET[pool[offset + i]! % 32]
  offset += length
  return out
}
