import type { EndpointFormat, EndpointPreset, EventRecord } from '../../model/index.js'
import { encodeForm } from '../../signing/form-fields.js'
import { ctmBody } from './ctm.js'
import { magnetisFields } from './magnetis.js'
import { roistatBody } from './roistat.js'

/** The format each preset sends. */
export const presetFormats: Readonly<Record<EndpointPreset, EndpointFormat>> = { magnetis: 'form', roistat: 'json', ctm: 'json' }

/**
 * The vendor's own body for a call event, its dates on the wall clock of `timeZone` (the
 * endpoint's); null for other events (they use the format's standard layout).
 */
export function renderPreset(preset: EndpointPreset, event: EventRecord, timeZone = 'UTC'): { body: string; contentType: string } | null {
  if (!event.type.startsWith('call:')) return null
  switch (preset) {
    case 'magnetis':
      return { body: encodeForm(magnetisFields(event, timeZone)), contentType: 'application/x-www-form-urlencoded' }
    case 'roistat':
      return { body: JSON.stringify(roistatBody(event, timeZone)), contentType: 'application/json' }
    case 'ctm':
      return { body: JSON.stringify(ctmBody(event, timeZone)), contentType: 'application/json' }
  }
}
