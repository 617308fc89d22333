import type { AddressInfo } from 'node:net'
import { createServer, type Server } from 'node:http'
import type { Express } from 'express'

/** Listens on 127.0.0.1 on a free port; returns the base URL and a closer that drops open connections. */
export async function listenServer(server: Server): Promise<{ url: string; close(): Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}

/** An Express app on 127.0.0.1. */
export function listen(app: Express): Promise<{ url: string; close(): Promise<void> }> {
  return listenServer(createServer(app))
}

/** JSON over real HTTP. */
export async function api(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; contentType: string | null; json: any }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, contentType: res.headers.get('content-type'), json: text ? JSON.parse(text) : undefined }
}
