import { CallhookError, type FieldError } from '../errors.js'
import { presetFormats } from '../render/presets/index.js'
import type { EndpointFormat, EndpointMethod, EndpointPreset, EndpointTemplate } from '../model/endpoint.js'

/** The fields whose values depend on each other. */
export interface EndpointShape {
  format: EndpointFormat
  preset: EndpointPreset | null
  method: EndpointMethod
  template: EndpointTemplate | null
  resourceUrl: string | null
}

type Given = { [K in keyof EndpointShape]?: EndpointShape[K] | undefined }

/**
 * Fills what the caller left out from what they gave — a preset picks its format, a pixel is a
 * GET — then checks the combination, naming each field that does not fit.
 */
export function resolveShape(given: Given, current?: EndpointShape): EndpointShape {
  const preset = given.preset !== undefined ? given.preset : current?.preset ?? null
  const format = given.format ?? (given.preset ? presetFormats[given.preset] : current?.format ?? (preset ? presetFormats[preset] : 'json'))
  const formatChanged = current !== undefined && format !== current.format
  const shape: EndpointShape = {
    preset,
    format,
    method: given.method ?? (current && !formatChanged ? current.method : format === 'pixel' ? 'GET' : 'POST'),
    // switching format away clears what only the old format used
    template: given.template !== undefined ? given.template : formatChanged ? null : current?.template ?? null,
    resourceUrl: given.resourceUrl !== undefined ? given.resourceUrl : formatChanged ? null : current?.resourceUrl ?? null,
  }
  const errors = shapeErrors(shape)
  if (errors.length) throw new CallhookError('validation_failed', 'The endpoint is not valid', { errors })
  return shape
}

function shapeErrors(e: EndpointShape): FieldError[] {
  const errors: FieldError[] = []
  if (e.preset && presetFormats[e.preset] !== e.format) errors.push({ field: 'format', message: `the ${e.preset} preset sends format "${presetFormats[e.preset]}"` })
  if (e.format === 'template' && !e.template) errors.push({ field: 'template', message: 'is required for format "template": { body, contentType }' })
  if (e.format !== 'template' && e.template) errors.push({ field: 'template', message: 'only applies to format "template"' })
  if (e.format === 'resource' && !e.resourceUrl) errors.push({ field: 'resourceUrl', message: 'is required for format "resource"' })
  if (e.format !== 'resource' && e.resourceUrl) errors.push({ field: 'resourceUrl', message: 'only applies to format "resource"' })
  if (e.format === 'pixel' && e.method !== 'GET' && e.method !== 'POST') errors.push({ field: 'method', message: 'a pixel is sent with GET or POST' })
  if (e.format !== 'pixel' && e.method === 'GET') errors.push({ field: 'method', message: 'GET is only for format "pixel"; the other formats send a body' })
  return errors
}
