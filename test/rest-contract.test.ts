import { Ajv2020 } from 'ajv/dist/2020.js'
import formats from 'ajv-formats'
import { describeRestContract, type RestContractStep } from '@callhook/core/testing'
import { harnesses } from './helpers/adapters.js'

/**
 * Each step's status and body checked against the API's own OpenAPI document (ajv, JSON Schema
 * 2020-12): the operation's method + path template must list the status, with the step's content
 * type and a schema the body passes. Unknown paths and methods must answer as its NotFound and
 * MethodNotAllowed responses say. Returns one line per mismatch.
 */
function mismatchesWithDocument(steps: RestContractStep[]): string[] {
  const doc = steps.find((s) => s.name === 'openapi document')!.json
  const ajv = new Ajv2020({ strict: false, allErrors: true })
  formats.default(ajv)
  ajv.addSchema(doc, 'openapi.json')
  const pointer = (...parts: string[]) => parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')
  const problems: string[] = []
  for (const s of steps) {
    const method = s.method.toLowerCase()
    const template = Object.keys(doc.paths).find((t) => new RegExp(`^${t.replace(/\{\w+\}/g, '[^/]+')}/?$`).test(s.path))
    const operation = template ? doc.paths[template][method] : undefined
    // The operation's answer for this status; else the document's answer to an unknown method (405) or path (404).
    const [fallbackStatus, fallback] = template ? [405, 'MethodNotAllowed'] : [404, 'NotFound']
    let [at, response] = operation
      ? [`#/paths/${pointer(template!, method, 'responses', String(s.status))}`, operation.responses[s.status]]
      : [`#/components/responses/${fallback}`, s.status === fallbackStatus ? doc.components.responses[fallback] : undefined]
    if (response?.$ref) [at, response] = [response.$ref, doc.components.responses[response.$ref.split('/').pop()]]
    const type = s.contentType?.split(';')[0] ?? null
    if (!response) problems.push(`${s.name}: ${s.method} ${template ?? s.path} does not document status ${s.status}`)
    else if (!response.content) {
      if (s.json !== undefined) problems.push(`${s.name}: ${at} documents no body`)
    } else if (!type || !response.content[type]) problems.push(`${s.name}: ${at} documents no ${type} body`)
    else {
      const validate = ajv.getSchema(`openapi.json${at}/content/${pointer(type)}/schema`)!
      if (!validate(s.json)) problems.push(`${s.name}: ${ajv.errorsText(validate.errors)}`)
    }
  }
  return problems
}

describeRestContract(harnesses, {
  checks: { 'answers every step as its OpenAPI document says: status, content type and body schema': mismatchesWithDocument },
})
