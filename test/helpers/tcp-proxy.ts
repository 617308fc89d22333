import { createServer, connect, type Socket, type AddressInfo } from 'node:net'

export interface TcpProxy {
  readonly port: number
  /** Drops every open connection and refuses new ones (closes them as soon as they open). */
  cut(): void
  /** Forwards again. */
  restore(): void
  /** Connections refused while cut, so far. */
  readonly refused: number
  /** Resolves once `count` connections have been refused in all (what a client's retries look like). */
  refusedAtLeast(count: number): Promise<void>
  close(): Promise<void>
}

/**
 * A TCP proxy on 127.0.0.1 in front of a real server (PostgreSQL at 127.0.0.1:5432): a test cuts
 * and restores the connection the way a network outage or a database restart would, without
 * touching the server other tests use.
 */
export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const open = new Set<Socket>()
  let cut = false
  let refused = 0
  const waiters = new Set<() => void>()
  const server = createServer((incoming) => {
    if (cut) {
      refused++
      for (const wake of waiters) wake()
      return void incoming.destroy()
    }
    const outgoing = connect(targetPort, targetHost)
    open.add(incoming).add(outgoing)
    const drop = () => {
      incoming.destroy()
      outgoing.destroy()
      open.delete(incoming)
      open.delete(outgoing)
    }
    incoming.on('error', drop).on('close', drop)
    outgoing.on('error', drop).on('close', drop)
    incoming.pipe(outgoing)
    outgoing.pipe(incoming)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const cutAll = () => {
    cut = true
    for (const socket of open) socket.destroy()
    open.clear()
  }
  return {
    port: (server.address() as AddressInfo).port,
    cut: cutAll,
    restore() {
      cut = false
    },
    get refused() {
      return refused
    },
    refusedAtLeast(count) {
      return new Promise((resolve) => {
        const check = () => {
          if (refused < count) return
          waiters.delete(check)
          resolve()
        }
        waiters.add(check)
        check()
      })
    },
    close() {
      cutAll()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}
