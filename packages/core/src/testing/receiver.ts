import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedRequest {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: Buffer
  text: string
  receivedAt: number
}

export interface TestReply {
  status?: number
  headers?: Record<string, string>
  body?: string
  /** Wait this long before answering. */
  delayMs?: number
}

export interface TestReceiver {
  /** `http://127.0.0.1:<port>` — append a path. */
  readonly url: string
  readonly requests: ReceivedRequest[]
  /** The most requests it was answering at once. */
  readonly maxConcurrent: number
  /** Resolves once `count` requests have arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>
  close(): Promise<void>
}

/**
 * A real HTTP receiver on 127.0.0.1 that records every request and answers with `reply` (a fixed
 * answer, or one per request: `(request, index) => TestReply`). Default: 200 "ok".
 */
export async function startTestReceiver(reply: TestReply | ((request: ReceivedRequest, index: number) => TestReply) = {}): Promise<TestReceiver> {
  const requests: ReceivedRequest[] = []
  const waiters: Array<() => void> = []
  let concurrent = 0
  let maxConcurrent = 0
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    maxConcurrent = Math.max(maxConcurrent, ++concurrent)
    res.on('close', () => concurrent--)
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const request: ReceivedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, text: body.toString('utf8'), receivedAt: Date.now() }
      const index = requests.push(request) - 1
      const answer = typeof reply === 'function' ? reply(request, index) : reply
      const respond = () => {
        res.writeHead(answer.status ?? 200, { 'content-type': 'text/plain', ...answer.headers })
        res.end(answer.body ?? 'ok')
      }
      if (answer.delayMs) setTimeout(respond, answer.delayMs)
      else respond()
      for (const wake of waiters.splice(0)) wake()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get maxConcurrent() {
      return maxConcurrent
    },
    waitFor(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`Expected ${count} requests, got ${requests.length} within ${timeoutMs} ms`)), timeoutMs)
        const check = () => {
          if (requests.length >= count) {
            clearTimeout(timer)
            resolve(requests.slice(0, count))
          } else waiters.push(check)
        }
        check()
      })
    },
    close() {
      server.closeAllConnections()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}
