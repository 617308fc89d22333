import Mustache from 'mustache'

/**
 * How `{{value}}` is escaped, chosen by the content type so the output stays valid: JSON string
 * escaping for JSON, URL-encoding for forms, HTML escaping for HTML/XML, none otherwise.
 * `{{{value}}}` never escapes. Pure (no Node APIs): the portal's preview bundles it.
 */
export function escaperFor(contentType: string): (value: unknown) => string {
  const type = contentType.toLowerCase()
  if (type.includes('json')) return (value) => JSON.stringify(String(value)).slice(1, -1)
  if (type.startsWith('application/x-www-form-urlencoded')) return (value) => encodeURIComponent(String(value))
  if (type.includes('html') || type.includes('xml')) return (value) => Mustache.escape(String(value))
  return (value) => String(value)
}
