import type { FormFields } from '../../signing/form-fields.js'
import type { EventRecord } from '../../model/event.js'
import { num, str, vendorDate } from '../vendor-fields.js'

/** Magnétis writes numbers as 0033…, and a hidden caller as "Anonymous". */
function magnetisNumber(value: unknown): string {
  const text = str(value) ?? ''
  if (text.toLowerCase() === 'anonymous') return 'Anonymous'
  return text.startsWith('+') ? `00${text.slice(1).replace(/\D/g, '')}` : text
}

/**
 * Seed 000/001's layout: one `calltracking_event` array with Magnétis' own field names, in the
 * documented order — idcall, accountname, date, trackednumber, channelname, callingNumber,
 * duration, cid — then gclid and visitorevents when the call has them. `date` is the wall-clock
 * time in the endpoint's time zone.
 */
export function magnetisFields(event: EventRecord, timeZone: string): FormFields {
  const d = event.data
  const fields: Array<[string, string]> = [
    ['idcall', str(d.id) ?? ''],
    ['accountname', str(d.accountName) ?? ''],
    ['date', vendorDate(d.startedAt ?? event.timestamp, timeZone)],
    ['trackednumber', magnetisNumber(d.trackingNumber)],
    ['channelname', str(d.channel) ?? ''],
    ['callingNumber', magnetisNumber(d.callerNumber)],
    ['duration', String(num(d.durationSec) ?? 0)],
    ['cid', str(d.googleClientId) ?? ''],
  ]
  if (d.gclid) fields.push(['gclid', str(d.gclid)!])
  if (d.visitorEvents) fields.push(['visitorevents', JSON.stringify(d.visitorEvents)])
  return [['calltracking_event', fields]]
}
