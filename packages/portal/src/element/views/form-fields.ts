import { html, nothing } from 'lit'
import type { FieldError } from '../api-client.js'

/** The server's errors for one input: its own field and anything under it (`filters.tags[0]`). */
export function errorsFor(errors: FieldError[], ...fields: string[]): FieldError[] {
  return errors.filter((e) => fields.some((f) => e.field === f || e.field.startsWith(`${f}.`) || e.field.startsWith(`${f}[`)))
}

export interface TextFieldOptions {
  id: string
  label: string
  value: string
  onInput: (value: string) => void
  errors: FieldError[]
  hint?: string
  multiline?: boolean
  rows?: number
  type?: 'text' | 'number' | 'password' | 'url' | 'datetime-local'
  placeholder?: string
  required?: boolean
  /** The id of a <datalist> of suggestions. */
  list?: string
}

/** A labelled input with its hint and the server's messages beside it, tied by aria-describedby. */
export function textField(o: TextFieldOptions) {
  const described = [o.hint ? `${o.id}-hint` : '', o.errors.length ? `${o.id}-error` : ''].filter(Boolean).join(' ')
  const invalid = o.errors.length ? 'true' : 'false'
  const onInput = (e: Event) => o.onInput((e.target as HTMLInputElement | HTMLTextAreaElement).value)
  return html`
    <div class="field">
      <label for=${o.id}>${o.label}</label>
      ${o.multiline
        ? html`<textarea id=${o.id} part="input" rows=${o.rows ?? 3} .value=${o.value} @input=${onInput} aria-invalid=${invalid} aria-describedby=${described || nothing} placeholder=${o.placeholder ?? nothing}></textarea>`
        : html`<input id=${o.id} part="input" type=${o.type ?? 'text'} .value=${o.value} @input=${onInput} aria-invalid=${invalid} aria-describedby=${described || nothing} placeholder=${o.placeholder ?? nothing} ?required=${o.required ?? false} list=${o.list ?? nothing} autocomplete="off">`}
      ${o.hint ? html`<span id="${o.id}-hint" class="hint">${o.hint}</span>` : nothing}
      ${fieldErrors(o.id, o.errors)}
    </div>
  `
}

export function fieldErrors(id: string, errors: FieldError[]) {
  if (!errors.length) return nothing
  return html`<span id="${id}-error" class="error" part="field-error">${errors.map((e) => html`<span>${e.message}${e.field.includes('.') || e.field.includes('[') ? ` (${e.field})` : ''}</span> `)}</span>`
}

export interface SelectFieldOptions {
  id: string
  label: string
  value: string
  options: Array<[value: string, label: string]>
  onChange: (value: string) => void
  errors: FieldError[]
  hint?: string
  disabled?: boolean
}

export function selectField(o: SelectFieldOptions) {
  const described = [o.hint ? `${o.id}-hint` : '', o.errors.length ? `${o.id}-error` : ''].filter(Boolean).join(' ')
  return html`
    <div class="field">
      <label for=${o.id}>${o.label}</label>
      <select id=${o.id} part="input" ?disabled=${o.disabled ?? false} aria-invalid=${o.errors.length ? 'true' : 'false'} aria-describedby=${described || nothing} @change=${(e: Event) => o.onChange((e.target as HTMLSelectElement).value)}>
        ${o.options.map(([value, label]) => html`<option value=${value} ?selected=${value === o.value}>${label}</option>`)}
      </select>
      ${o.hint ? html`<span id="${o.id}-hint" class="hint">${o.hint}</span>` : nothing}
      ${fieldErrors(o.id, o.errors)}
    </div>
  `
}
