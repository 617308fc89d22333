import type { FormFields } from '../signing/form-fields.js'
import type { EventRecord } from '../model/event.js'

/**
 * The Magnétis layout: the event's data as `calltracking_event[key]=value`, then the envelope's
 * own fields at top level. A value that is an object or array travels as its JSON text, so every
 * receiver (and seed 000's one-level signing algorithm) sees a plain string. Each key is one PHP
 * reads back unchanged (see {@link phpSafeKey}).
 */
export function formFields(event: EventRecord): FormFields {
  const data: Array<[string, string]> = []
  for (const [key, value] of Object.entries(event.data)) {
    if (value === undefined) continue
    data.push([phpSafeKey(key), formValue(value)])
  }
  const fields: FormFields = [['calltracking_event', data], ['event_id', event.id], ['event_type', event.type], ['timestamp', event.timestamp]]
  if (event.accountId !== null) fields.push(['account_id', event.accountId])
  return fields
}

function formValue(value: unknown): string {
  if (value === null) return ''
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

/**
 * A data key as PHP's `$_POST` will read it inside `calltracking_event[…]`: PHP ends a sub-key at
 * the first `]` and treats `[]` and `[ ]` as "append", and C strings end at NUL. So `[` → `(`,
 * `]` → `)`, NUL is dropped, and an empty or single-space key becomes `_`
 * (`utm[source]` is sent as `utm(source)`).
 */
export function phpSafeKey(key: string): string {
  const safe = key.replace(/\[/g, '(').replace(/\]/g, ')').replace(/\0/g, '')
  return safe === '' || safe === ' ' ? '_' : safe
}
