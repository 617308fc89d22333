import { splitList } from '../format.js'
import type { Endpoint } from '../types.js'

/** The form's fields, as the inputs hold them (text), and back to an API body. */
export interface FormState {
  url: string
  title: string
  description: string
  events: string[]
  format: string
  preset: string
  method: string
  templateBody: string
  templateContentType: string
  resourceUrl: string
  trackingNumbers: string
  users: string
  accounts: string
  sources: string
  tags: string
  statuses: string[]
  minDurationSec: string
  maxDurationSec: string
  minTalkTimeSec: string
  headers: string
  authType: string
  username: string
  password: string
  token: string
  retry: string
  rateLimitPerSecond: string
  timeoutMs: string
  signature: string
  timezone: string
  ordered: boolean
}

export const CALL_STATUSES = ['ANSWER', 'BUSY', 'NOANSWER', 'CANCEL', 'CONGESTION', 'CHANUNAVAIL', 'DONTCALL', 'TORTURE']

export function emptyForm(): FormState {
  return {
    url: '', title: '', description: '', events: [], format: 'json', preset: '', method: 'POST', templateBody: '', templateContentType: '',
    resourceUrl: '', trackingNumbers: '', users: '', accounts: '', sources: '', tags: '', statuses: [], minDurationSec: '', maxDurationSec: '',
    minTalkTimeSec: '', headers: '', authType: '', username: '', password: '', token: '', retry: '', rateLimitPerSecond: '', timeoutMs: '', signature: 'all',
    timezone: 'UTC', ordered: false,
  }
}

export function formFromEndpoint(e: Endpoint): FormState {
  const f = e.filters ?? {}
  const list = (v: string[] | undefined) => (v ?? []).join(', ')
  const num = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v))
  return {
    url: e.url, title: e.title, description: e.description ?? '', events: [...e.events], format: e.format, preset: e.preset ?? '', method: e.method,
    templateBody: e.template?.body ?? '', templateContentType: e.template?.contentType ?? '', resourceUrl: e.resourceUrl ?? '',
    trackingNumbers: list(f.trackingNumbers), users: list(f.users), accounts: list(f.accounts), sources: list(f.sources), tags: list(f.tags),
    statuses: [...(f.statuses ?? [])], minDurationSec: num(f.minDurationSec), maxDurationSec: num(f.maxDurationSec), minTalkTimeSec: num(f.minTalkTimeSec),
    headers: Object.entries(e.headers ?? {}).map(([k, v]) => `${k}: ${v}`).join('\n'),
    authType: e.auth?.type ?? '', username: e.auth?.type === 'basic' ? e.auth.username : '', password: e.auth?.type === 'basic' ? e.auth.password : '',
    token: e.auth?.type === 'bearer' ? e.auth.token : '', retry: (e.retry?.delaysSeconds ?? []).join(', '),
    rateLimitPerSecond: num(e.rateLimitPerSecond), timeoutMs: num(e.timeoutMs), signature: e.signature,
    timezone: e.timezone ?? 'UTC', ordered: e.ordered ?? false,
  }
}

/** A number when the text is one; the text itself otherwise, so the server names the bad field. */
const numberOrText = (v: string): number | string => (v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v)
const optionalNumber = (v: string) => (v.trim() === '' ? null : numberOrText(v))

/** The request body for POST (create) or PATCH (edit: cleared fields become null). */
export function bodyFromForm(s: FormState, editing: boolean): Record<string, unknown> {
  const filters: Record<string, unknown> = {}
  for (const key of ['trackingNumbers', 'users', 'accounts', 'sources', 'tags'] as const) {
    const values = splitList(s[key])
    if (values.length) filters[key] = values
  }
  if (s.statuses.length) filters.statuses = [...s.statuses]
  for (const key of ['minDurationSec', 'maxDurationSec', 'minTalkTimeSec'] as const) if (s[key].trim() !== '') filters[key] = numberOrText(s[key])
  const headers: Record<string, string> = {}
  for (const line of s.headers.split('\n')) {
    const at = line.indexOf(':')
    if (line.trim() === '') continue
    if (at < 0) headers[line.trim()] = ''
    else headers[line.slice(0, at).trim()] = line.slice(at + 1).trim()
  }
  const auth = s.authType === 'basic' ? { type: 'basic', username: s.username, password: s.password } : s.authType === 'bearer' ? { type: 'bearer', token: s.token } : null
  const body: Record<string, unknown> = {
    url: s.url.trim(),
    description: s.description.trim() === '' ? null : s.description,
    events: s.events.length ? s.events : ['*'],
    format: s.format,
    preset: s.preset === '' ? null : s.preset,
    method: s.method,
    template: s.format === 'template' ? { body: s.templateBody, ...(s.templateContentType.trim() ? { contentType: s.templateContentType.trim() } : {}) } : null,
    resourceUrl: s.format === 'resource' && s.resourceUrl.trim() ? s.resourceUrl.trim() : null,
    filters: Object.keys(filters).length ? filters : null,
    headers: Object.keys(headers).length ? headers : null,
    auth,
    retry: s.retry.trim() === '' ? null : { delaysSeconds: splitList(s.retry).map(numberOrText) },
    rateLimitPerSecond: optionalNumber(s.rateLimitPerSecond),
    timeoutMs: optionalNumber(s.timeoutMs),
    signature: s.signature,
    // an empty zone is sent as typed, so the server names the field
    timezone: s.timezone.trim(),
    ordered: s.ordered,
  }
  if (s.title.trim() !== '') body.title = s.title.trim()
  if (s.preset !== '') {
    // the preset decides the format and method
    delete body.format
    delete body.method
  }
  if (!editing) for (const [key, value] of Object.entries(body)) if (value === null) delete body[key]
  return body
}
