import { createHmac } from 'node:crypto'
import type { FormFields, FormValue } from './form-fields.js'
import { parsePhpForm, type PhpArray, type PhpValue } from './php-form.js'
import { phpKsort } from './php-ksort.js'

export const CALLTRACKING_HEADER = 'x-calltracking-signature'

/**
 * Seed 000's signed string over a parsed form, as its PHP does it: the URL, then `ksort($_POST)`,
 * then each key and value — a non-empty array contributing each sub-key and sub-value instead
 * (a sub-value that is itself an array is the text "Array", as PHP's string concatenation makes it).
 * Keys and values are byte strings (see php-form.ts); so is the result.
 */
export function phpSignedString(fields: PhpArray): string {
  let data = ''
  for (const [key, value] of phpKsort([...fields])) {
    if (typeof value !== 'string' && value.size > 0) {
      for (const [subKey, subValue] of value) data += subKey + scalar(subValue)
    } else data += key + scalar(value)
  }
  return data
}

function scalar(value: PhpValue): string {
  return typeof value === 'string' ? value : 'Array'
}

/** The data seed 000 signs for fields given as text (callhook's own sender): the URL, then the fields as above. */
export function calltrackingFormData(url: string, fields: FormFields): string {
  return url + Buffer.from(phpSignedString(toPhpArray(fields)), 'latin1').toString('utf8')
}

function toPhpArray(fields: ReadonlyArray<readonly [string, FormValue]>): PhpArray {
  const bytes = (text: string) => Buffer.from(text, 'utf8').toString('latin1')
  return new Map(fields.map(([key, value]) => [bytes(key), typeof value === 'string' ? bytes(value) : toPhpArray(value)]))
}

/**
 * The signed bytes for any request: for a form body, the URL and the body as PHP parses it (from
 * the raw bytes: a Latin-1 body is signed as sent); for any other body, the URL and the raw body.
 */
export function calltrackingSignedData(url: string, body: string | Buffer, isForm: boolean): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body
  if (!isForm) return Buffer.concat([Buffer.from(url, 'utf8'), bytes])
  return Buffer.concat([Buffer.from(url, 'utf8'), Buffer.from(phpSignedString(parsePhpForm(bytes)), 'latin1')])
}

/** base64(HMAC-SHA1(key = the whole secret string, data)); text data is UTF-8. */
export function signCalltracking(secret: string, data: string | Buffer): string {
  return createHmac('sha1', secret).update(data).digest('base64')
}
