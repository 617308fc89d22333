import { createServer as createHttpServer, type ServerResponse } from 'node:http'
import { createServer as createTcpServer, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'

export interface Hostile {
  url: string
  /** Requests seen. */
  hits: number
  /** Response bytes the server managed to write. */
  bytesWritten: number
  /** Requests whose response is still open (neither finished nor dropped by the client). */
  open: number
  close(): Promise<void>
}

async function listen(server: Server | ReturnType<typeof createHttpServer>, sockets: Set<Socket>): Promise<{ url: string; close(): Promise<void> }> {
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy()
      server.close(() => resolve())
    }),
  }
}

/** Answers "200, Content-Length: 100", sends 3 bytes, and resets the connection. */
export async function resettingServer(): Promise<Hostile> {
  const sockets = new Set<Socket>()
  const state: Hostile = { url: '', hits: 0, bytesWritten: 0, open: 0, close: async () => {} }
  const server = createTcpServer((socket) => {
    socket.once('data', () => {
      state.hits++
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc', () => socket.resetAndDestroy())
    })
  })
  Object.assign(state, await listen(server, sockets))
  return state
}

/** Streams `totalBytes` of response (64 KiB chunks, honouring backpressure), or trickles a byte every `trickleMs`. */
export async function streamingServer(options: { totalBytes?: number; trickleMs?: number }): Promise<Hostile> {
  const sockets = new Set<Socket>()
  const state: Hostile = { url: '', hits: 0, bytesWritten: 0, open: 0, close: async () => {} }
  const chunk = Buffer.alloc(64 * 1024, 0x61)
  const server = createHttpServer((req, res: ServerResponse) => {
    req.resume()
    state.hits++
    state.open++
    res.writeHead(200, { 'content-type': 'text/plain' })
    let closed = false
    res.on('close', () => {
      closed = true
      state.open--
    })
    if (options.trickleMs) {
      const timer = setInterval(() => (closed ? clearInterval(timer) : res.write('.')), options.trickleMs)
      return
    }
    let left = options.totalBytes ?? 0
    const pump = () => {
      while (left > 0 && !closed) {
        left -= chunk.length
        state.bytesWritten += chunk.length
        if (!res.write(chunk)) return void res.once('drain', pump)
      }
      if (!closed) res.end()
    }
    pump()
  })
  Object.assign(state, await listen(server, sockets))
  return state
}
