import { createHmac } from 'node:crypto'
import { parseForm, type FormFields } from './form-fields.js'

export const CALLTRACKING_HEADER = 'x-calltracking-signature'

/**
 * The data seed 000 signs: the exact URL, then each top-level form key in byte order with its
 * value — a nested array contributing each sub-key and sub-value in order.
 */
export function calltrackingFormData(url: string, fields: FormFields): string {
  let data = url
  const sorted = [...fields].sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
  for (const [key, value] of sorted) {
    if (typeof value === 'string') data += key + value
    else if (value.length === 0) data += key // PHP: an empty array takes the scalar branch
    else for (const [subKey, subValue] of value) data += subKey + subValue
  }
  return data
}

/** The signed data for any request: form bodies per seed 000, any other body as URL + raw body. */
export function calltrackingSignedData(url: string, body: string, isForm: boolean): string {
  return isForm ? calltrackingFormData(url, parseForm(body)) : url + body
}

/** base64(HMAC-SHA1(key = the whole secret string, data)) */
export function signCalltracking(secret: string, data: string): string {
  return createHmac('sha1', secret).update(data, 'utf8').digest('base64')
}
