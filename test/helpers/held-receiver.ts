import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { listenServer } from './servers.js'

export interface HeldRequest {
  readonly id: string
  readonly receivedAt: number
  /** Set once the sender hung up before it got its answer (its process died with the request open). */
  abandonedAt: number | null
}

export interface HeldReceiver {
  readonly url: string
  readonly requests: HeldRequest[]
  /** The most requests it had open at once (held, or being answered). */
  readonly maxInFlight: number
  /** Resolves once `test(requests)` holds; checked on every arrival and every hang-up. */
  until(test: (requests: HeldRequest[]) => boolean, timeoutMs?: number): Promise<void>
  /** Answers every held request with 200 and, from now on, answers at once. */
  release(): void
  close(): Promise<void>
}

/**
 * A receiver that holds every answer until `release()`: a sender's requests stay in flight, and
 * unconfirmed, for exactly as long as the test wants, however slow the machine is — provided the
 * senders' `timeoutMs` outlasts the hold: a sender that gives up closes its socket just as a dead
 * process does (and the default, 15 s, is within reach of a loaded machine).
 */
export async function startHeldReceiver(): Promise<HeldReceiver> {
  const requests: HeldRequest[] = []
  const held: ServerResponse[] = []
  const checks = new Set<() => void>()
  let released = false
  let inFlight = 0
  let maxInFlight = 0
  const answer = (res: ServerResponse) => {
    if (!res.destroyed) res.writeHead(200, { 'content-type': 'text/plain' }).end('ok')
  }
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    inFlight++
    maxInFlight = Math.max(maxInFlight, inFlight)
    res.on('close', () => void inFlight--)
    req.resume()
    req.on('end', () => {
      const request: HeldRequest = { id: String(req.headers['webhook-id']), receivedAt: Date.now(), abandonedAt: null }
      requests.push(request)
      res.on('close', () => {
        if (res.writableEnded) return
        request.abandonedAt = Date.now()
        for (const check of checks) check()
      })
      if (released) answer(res)
      else held.push(res)
      for (const check of checks) check()
    })
  })
  const { url, close } = await listenServer(server)
  return {
    url,
    requests,
    get maxInFlight() {
      return maxInFlight
    },
    until(test, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          checks.delete(check)
          reject(new Error(`held receiver: condition not met within ${timeoutMs} ms (${requests.length} requests)`))
        }, timeoutMs)
        const check = () => {
          if (!test(requests)) return
          clearTimeout(timer)
          checks.delete(check)
          resolve()
        }
        checks.add(check)
        check()
      })
    },
    release() {
      released = true
      for (const res of held.splice(0)) answer(res)
    },
    close,
  }
}
