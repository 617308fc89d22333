import { html, nothing } from 'lit'
import type { FieldError } from '../api-client.js'
import type { PortalHost } from '../host.js'
import { errorsFor, fieldErrors, selectField, textField } from './form-fields.js'
import { CALL_STATUSES, type FormState } from './form-state.js'
import { COMMON_TIME_ZONES } from './time-zones.js'

type Set = (patch: Partial<FormState>) => void

/** Format, preset, method, template, resource URL and signature scheme. */
export function formatSection(host: PortalHost, s: FormState, errors: FieldError[], set: Set) {
  const t = host.t.bind(host)
  const methods: Array<[string, string]> = (s.format === 'pixel' ? ['GET', 'POST'] : ['POST', 'PUT', 'PATCH']).map((m) => [m, m])
  return html`
    <fieldset>
      <legend>${t('formatLegend')}</legend>
      <div class="grid2">
        ${selectField({ id: 'f-preset', label: t('preset'), value: s.preset, errors: errorsFor(errors, 'preset'), hint: t('presetHint'),
          options: [['', t('presetNone')], ['magnetis', 'Magnétis'], ['roistat', 'Roistat'], ['ctm', 'CallTrackingMetrics']], onChange: (preset) => set({ preset }) })}
        ${selectField({ id: 'f-format', label: t('format'), value: s.format, errors: errorsFor(errors, 'format'), disabled: s.preset !== '', hint: s.preset ? t('formatByPreset') : t('formatHint'),
          options: ['json', 'form', 'template', 'resource', 'pixel'].map((f) => [f, t(`format_${f}` as 'format_json')]),
          onChange: (format) => set({ format, method: format === 'pixel' ? 'GET' : 'POST' }) })}
        ${selectField({ id: 'f-method', label: t('method'), value: s.method, options: methods, errors: errorsFor(errors, 'method'), disabled: s.preset !== '', onChange: (method) => set({ method }) })}
        ${selectField({ id: 'f-signature', label: t('signature'), value: s.signature, errors: errorsFor(errors, 'signature'),
          options: ['all', 'standard', 'calltracking', 'none'].map((v) => [v, t(`signature_${v}` as 'signature_all')]), onChange: (signature) => set({ signature }) })}
        ${textField({ id: 'f-timezone', label: t('timezone'), value: s.timezone, list: 'f-timezones', placeholder: 'Europe/Paris', errors: errorsFor(errors, 'timezone'), hint: t('timezoneHint'), onInput: (timezone) => set({ timezone }) })}
        <datalist id="f-timezones">${COMMON_TIME_ZONES.map((zone) => html`<option value=${zone}></option>`)}</datalist>
      </div>
      ${s.format === 'template' && !s.preset ? html`
        ${textField({ id: 'f-template', label: t('templateBody'), value: s.templateBody, multiline: true, rows: 6, errors: errorsFor(errors, 'template.body', 'template'), hint: t('templateHint'), onInput: (templateBody) => set({ templateBody }) })}
        ${textField({ id: 'f-template-type', label: t('templateContentType'), value: s.templateContentType, placeholder: 'text/plain; charset=utf-8', errors: errorsFor(errors, 'template.contentType'), onInput: (templateContentType) => set({ templateContentType }) })}` : nothing}
      ${s.format === 'resource' && !s.preset ? textField({ id: 'f-resource', label: t('resourceUrl'), value: s.resourceUrl, errors: errorsFor(errors, 'resourceUrl'), hint: t('tokensHint'), onInput: (resourceUrl) => set({ resourceUrl }) }) : nothing}
    </fieldset>
  `
}

/** Seed 003/004's conditions: tracking numbers, users, accounts, sources, tags, statuses, durations. */
export function filtersSection(host: PortalHost, s: FormState, errors: FieldError[], set: Set) {
  const t = host.t.bind(host)
  const list = (key: 'trackingNumbers' | 'users' | 'accounts' | 'sources' | 'tags', label: string) =>
    textField({ id: `f-${key}`, label, value: s[key], errors: errorsFor(errors, `filters.${key}`), hint: t('listHint'), onInput: (v) => set({ [key]: v }) })
  const num = (key: 'minDurationSec' | 'maxDurationSec' | 'minTalkTimeSec', label: string) =>
    textField({ id: `f-${key}`, label, value: s[key], type: 'number', errors: errorsFor(errors, `filters.${key}`), onInput: (v) => set({ [key]: v }) })
  const toggleStatus = (status: string, on: boolean) => set({ statuses: on ? [...s.statuses, status] : s.statuses.filter((x) => x !== status) })
  return html`
    <details ?open=${errorsFor(errors, 'filters').length > 0 || s.statuses.length > 0}>
      <summary>${t('filtersLegend')}</summary>
      <p class="hint">${t('filtersHint')}</p>
      ${fieldErrors('f-filters', errors.filter((e) => e.field === 'filters'))}
      <div class="grid2">
        ${list('trackingNumbers', t('filterTrackingNumbers'))}${list('users', t('filterUsers'))}
        ${list('accounts', t('filterAccounts'))}${list('sources', t('filterSources'))}
        ${list('tags', t('filterTags'))}
        ${num('minDurationSec', t('filterMinDuration'))}${num('maxDurationSec', t('filterMaxDuration'))}${num('minTalkTimeSec', t('filterMinTalk'))}
      </div>
      <fieldset>
        <legend>${t('filterStatuses')}</legend>
        <div class="checks">${CALL_STATUSES.map((status) => html`<label><input type="checkbox" .checked=${s.statuses.includes(status)} @change=${(e: Event) => toggleStatus(status, (e.target as HTMLInputElement).checked)}>${status}</label>`)}</div>
        ${fieldErrors('f-statuses', errorsFor(errors, 'filters.statuses'))}
      </fieldset>
    </details>
  `
}

/** Headers, authentication, retry schedule, rate limit, timeout. */
export function deliverySection(host: PortalHost, s: FormState, errors: FieldError[], set: Set) {
  const t = host.t.bind(host)
  const fields = ['headers', 'auth', 'retry', 'rateLimitPerSecond', 'timeoutMs', 'ordered']
  return html`
    <details ?open=${errorsFor(errors, ...fields).length > 0}>
      <summary>${t('deliveryLegend')}</summary>
      ${textField({ id: 'f-headers', label: t('headers'), value: s.headers, multiline: true, rows: 3, placeholder: 'X-Api-Key: …', errors: errorsFor(errors, 'headers'), hint: t('headersHint'), onInput: (headers) => set({ headers }) })}
      <div class="grid2">
        ${selectField({ id: 'f-auth', label: t('auth'), value: s.authType, errors: errorsFor(errors, 'auth').filter((e) => e.field === 'auth' || e.field === 'auth.type'),
          options: [['', t('authNone')], ['basic', t('authBasic')], ['bearer', t('authBearer')]], onChange: (authType) => set({ authType }) })}
        ${s.authType === 'basic' ? html`
          ${textField({ id: 'f-username', label: t('username'), value: s.username, errors: errorsFor(errors, 'auth.username'), onInput: (username) => set({ username }) })}
          ${textField({ id: 'f-password', label: t('password'), value: s.password, type: 'password', errors: errorsFor(errors, 'auth.password'), onInput: (password) => set({ password }) })}` : nothing}
        ${s.authType === 'bearer' ? textField({ id: 'f-token', label: t('token'), value: s.token, type: 'password', errors: errorsFor(errors, 'auth.token'), onInput: (token) => set({ token }) }) : nothing}
      </div>
      <div class="grid2">
        ${textField({ id: 'f-retry', label: t('retrySchedule'), value: s.retry, placeholder: '5, 300, 1800, 7200', errors: errorsFor(errors, 'retry'), hint: t('retryHint'), onInput: (retry) => set({ retry }) })}
        ${textField({ id: 'f-rate', label: t('rateLimit'), value: s.rateLimitPerSecond, type: 'number', errors: errorsFor(errors, 'rateLimitPerSecond'), hint: t('rateLimitHint'), onInput: (rateLimitPerSecond) => set({ rateLimitPerSecond }) })}
        ${textField({ id: 'f-timeout', label: t('timeout'), value: s.timeoutMs, type: 'number', errors: errorsFor(errors, 'timeoutMs'), hint: t('timeoutHint'), onInput: (timeoutMs) => set({ timeoutMs }) })}
      </div>
      <div class="field">
        <label><input type="checkbox" id="f-ordered" aria-describedby="f-ordered-hint" .checked=${s.ordered} @change=${(e: Event) => set({ ordered: (e.target as HTMLInputElement).checked })}> ${t('ordered')}</label>
        <span id="f-ordered-hint" class="hint">${t('orderedHint')}</span>
        ${fieldErrors('f-ordered', errorsFor(errors, 'ordered'))}
      </div>
    </details>
  `
}
