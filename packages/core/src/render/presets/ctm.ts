import type { EventRecord } from '../../model/event.js'
import { num, str } from '../vendor-fields.js'
import { offsetText, zonedTime } from '../zoned-time.js'

const callStatus: Record<string, string> = {
  ANSWER: 'answered', NOANSWER: 'no answer', BUSY: 'busy', CANCEL: 'canceled',
  CONGESTION: 'failed', CHANUNAVAIL: 'failed', DONTCALL: 'blocked', TORTURE: 'voicemail',
}

/** CTM's `called_at`: `2019-09-01 10:00 AM +00:00`, on the wall clock of the endpoint's time zone, with its offset. */
function calledAt(iso: unknown, timeZone: string): string | null {
  const date = typeof iso === 'string' ? new Date(iso) : new Date(NaN)
  if (Number.isNaN(date.getTime())) return null
  const t = zonedTime(date, timeZone)
  const pad = (n: number, width = 2) => String(n).padStart(width, '0')
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)} ${pad(t.hour % 12 || 12)}:${pad(t.minute)} ${t.hour < 12 ? 'AM' : 'PM'} ${offsetText(t.offsetMinutes)}`
}

/**
 * CallTrackingMetrics' "log data" body: the activity with CTM's snake_case field names (the part
 * of CTM's call record a callhook call record can fill).
 */
export function ctmBody(event: EventRecord, timeZone: string): Record<string, unknown> {
  const d = event.data
  const started = d.startedAt ?? event.timestamp
  const duration = num(d.durationSec)
  const talkTime = num(d.talkTimeSec)
  const agent = d.agent && typeof d.agent === 'object' ? d.agent : typeof d.agent === 'string' ? { name: d.agent } : null
  const saleValue = num(d.saleValue)
  return {
    id: str(d.id),
    account_id: event.accountId ?? str(d.accountId),
    name: str(d.callerName),
    caller_number: str(d.callerNumber),
    tracking_number: str(d.trackingNumber),
    business_number: str(d.calleeNumber),
    source: str(d.source),
    direction: str(d.direction) ?? 'inbound',
    call_status: d.status ? callStatus[String(d.status)] ?? String(d.status).toLowerCase() : null,
    duration,
    talk_time: talkTime,
    ring_time: duration !== null && talkTime !== null ? Math.max(0, duration - talkTime) : null,
    called_at: calledAt(started, timeZone),
    unix_time: typeof started === 'string' && !Number.isNaN(Date.parse(started)) ? Math.floor(Date.parse(started) / 1000) : null,
    city: str(d.city),
    country: str(d.country),
    location: str(d.landingPage),
    referrer: str(d.referrer),
    tag_list: Array.isArray(d.tags) ? d.tags : [],
    audio: str(d.recordingUrl),
    agent,
    ga: { cid: str(d.googleClientId) },
    gclid: str(d.gclid),
    utm_source: str(d.utmSource),
    utm_medium: str(d.utmMedium),
    utm_campaign: str(d.utmCampaign),
    custom_fields: d.customFields ?? {},
    ...(saleValue !== null ? { sale: { value: saleValue } } : {}),
  }
}
