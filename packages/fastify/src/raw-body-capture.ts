import { Readable } from 'node:stream'
import { errorResponse, readRawBody } from '@callhook/core'
import type { FastifyInstance, FastifyReply, FastifyRequest, preParsingAsyncHookHandler, RouteOptions } from 'fastify'
import { sendResponse } from './send-response.js'

/** A verifyWebhook preHandler carries, under this key, the preParsing hook that keeps its route's raw body. */
export const CAPTURE = Symbol.for('@callhook/fastify.captureRawBody')
const INSTALLED = Symbol.for('@callhook/fastify.captureInstalled')

/** Raw bodies kept for verifyWebhook, by request. */
export const rawBodies = new WeakMap<FastifyRequest, Buffer>()

/**
 * A preParsing hook that reads the body once, keeps the bytes for verifyWebhook, and hands the
 * same bytes on to the route's own parser (the host's JSON parser keeps working).
 */
export function rawBodyCapture(limit: number): preParsingAsyncHookHandler {
  return async function captureRawBody(request: FastifyRequest, reply: FastifyReply, payload) {
    let raw: Buffer
    try {
      raw = (await readRawBody(payload, request.headers, limit)) ?? Buffer.alloc(0)
    } catch (error) {
      const response = errorResponse(error)
      return sendResponse(reply, response)
    }
    rawBodies.set(request, raw)
    const replay = Readable.from(raw.length ? [raw] : []) as Readable & { receivedEncodedLength?: number }
    replay.receivedEncodedLength = raw.length
    return replay
  }
}

/**
 * Adds the capture hook to every route declared from now on whose `preHandler` is a verifyWebhook.
 * Installed once per instance tree, by either plugin.
 */
export function installRawBodyCapture(fastify: FastifyInstance): void {
  const flagged = fastify as FastifyInstance & { [INSTALLED]?: boolean }
  if (flagged[INSTALLED]) return
  flagged[INSTALLED] = true
  fastify.addHook('onRoute', (route: RouteOptions) => {
    const preHandlers = [route.preHandler].flat().filter(Boolean) as Array<{ [CAPTURE]?: preParsingAsyncHookHandler }>
    const capture = preHandlers.find((handler) => handler[CAPTURE])?.[CAPTURE]
    if (!capture) return
    route.preParsing = [...([route.preParsing].flat().filter(Boolean) as preParsingAsyncHookHandler[]), capture]
  })
}
