import type { ApiResponse } from '@callhook/core'
import type { FastifyReply } from 'fastify'

/** Writes a core response as it is: bytes, so Fastify adds nothing (no charset) to the core's headers. */
export function sendResponse(reply: FastifyReply, response: ApiResponse): FastifyReply {
  reply.code(response.status).headers(response.headers)
  return reply.send(response.body === undefined ? undefined : Buffer.from(response.body))
}
