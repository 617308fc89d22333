/** Sample values for well-known call fields, so generated examples read like a real call. */
const SAMPLES: Record<string, unknown> = {
  id: 'call_01jd8x2m4v7k9q3w5e6r8t0y1u', accountId: 'acc_demo', accountName: 'Calltracking Agence', trackingNumber: '+33988776655',
  callerNumber: '+33655443322', calleeNumber: '+33144556677', direction: 'inbound', status: 'ANSWER', durationSec: 184, talkTimeSec: 172,
  channel: 'Site Internet', source: 'google / cpc', city: 'Lyon', country: 'FR', ip: '203.0.113.24', agent: 'Camille Martin',
  landingPage: 'https://www.example.com/offres', referrer: 'https://www.google.com/', recordingUrl: 'https://rec.example.com/call.mp3',
}

type Schema = { type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; enum?: unknown[]; const?: unknown; examples?: unknown[]; default?: unknown; format?: string; items?: Schema; anyOf?: Schema[]; oneOf?: Schema[] }

/**
 * An example payload for an event type: the server's `example` when it sends one, else one
 * built from the JSON Schema (required fields, enums, formats, and realistic call values).
 */
export function examplePayload(schema: Record<string, unknown>, example?: Record<string, unknown>): Record<string, unknown> {
  if (example && typeof example === 'object') return example
  const value = fromSchema(schema as Schema, '', 0)
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
}

function fromSchema(schema: Schema, name: string, depth: number): unknown {
  if (depth > 4) return null
  if (schema.examples?.length) return schema.examples[0]
  if (schema.default !== undefined) return schema.default
  if (schema.const !== undefined) return schema.const
  if (schema.enum?.length) return name in SAMPLES && schema.enum.includes(SAMPLES[name]) ? SAMPLES[name] : schema.enum[0]
  const variants = schema.anyOf ?? schema.oneOf
  if (variants?.length) return fromSchema(variants.find((v) => v.type !== 'null') ?? variants[0]!, name, depth + 1)
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type
  if (name in SAMPLES && type !== 'object' && type !== 'array') return SAMPLES[name]
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {}
      const props = schema.properties ?? {}
      const keys = Object.keys(props).filter((k) => (schema.required ?? []).includes(k) || k in SAMPLES)
      for (const key of keys) out[key] = fromSchema(props[key]!, key, depth + 1)
      return out
    }
    case 'array': return schema.items ? [fromSchema(schema.items, name, depth + 1)] : []
    case 'string': return schema.format === 'date-time' ? '2026-03-14T09:26:53.000Z' : schema.format === 'uri' ? 'https://example.com/' : name ? `${name}` : 'text'
    case 'integer': case 'number': return 42
    case 'boolean': return true
    default: return null
  }
}
