import type { EventRecord } from '../../model/event.js'
import { extra, num, str, vendorDate } from '../vendor-fields.js'

/** Roistat writes numbers as digits only (12125096995). */
function roistatNumber(value: unknown): string | null {
  const text = str(value)
  if (text === null || text.toLowerCase() === 'anonymous') return text
  return text.replace(/\D/g, '')
}

function domainOf(landingPage: string | null): string | null {
  if (!landingPage) return null
  try {
    return new URL(/^[a-z]+:\/\//i.test(landingPage) ? landingPage : `http://${landingPage}`).host
  } catch {
    return null
  }
}

/**
 * Seed 002's flat JSON. `call:ringing` is Roistat's "webhook in the moment of call"; every other
 * call event is the "webhook after call" and adds status, file_id, duration and link. Roistat
 * extras the call record has no field for (visit_id, order_id, first_visit, roistat_param_N,
 * file_id) come from `customFields` (visitId, orderId, firstVisit, roistatParam1…5, fileId).
 * `date` is the wall-clock time in the endpoint's time zone (Roistat's own: Moscow).
 */
export function roistatBody(event: EventRecord, timeZone: string): Record<string, unknown> {
  const d = event.data
  const marker = str(d.source)
  const [level1, ...level2] = (marker ?? '').split('_')
  const landingPage = str(d.landingPage)
  const body: Record<string, unknown> = {
    id: str(d.id),
    caller: roistatNumber(d.callerNumber),
    callee: roistatNumber(d.trackingNumber),
    visit_id: str(extra(d, 'visitId')),
    marker,
    order_id: extra(d, 'orderId'),
    date: vendorDate(d.startedAt ?? event.timestamp, timeZone),
    google_client_id: str(d.googleClientId),
    custom_fields: d.customFields ?? [],
    landing_page: landingPage,
    domain: domainOf(landingPage),
    city: str(d.city),
    country: str(d.country),
    ip: str(d.ip),
    first_visit: str(extra(d, 'firstVisit')),
    referrer: str(d.referrer),
    utm_source: str(d.utmSource),
    utm_medium: str(d.utmMedium),
    utm_campaign: str(d.utmCampaign),
    utm_term: str(d.utmTerm),
    utm_content: str(d.utmContent),
  }
  for (let i = 1; i <= 5; i++) body[`roistat_param_${i}`] = str(extra(d, `roistatParam${i}`))
  body.source_level_1 = level1 || null
  body.source_level_2 = level2.join('_') || null
  if (event.type !== 'call:ringing') {
    Object.assign(body, { status: str(d.status), file_id: extra(d, 'fileId'), duration: num(d.durationSec) ?? 0, link: str(d.recordingUrl) ?? '' })
  }
  return body
}
