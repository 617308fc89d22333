import pg from 'pg'

/**
 * One dedicated connection that LISTENs on the schema's channel and calls the listeners on every
 * NOTIFY; it reconnects (with backoff) when the connection drops. Polling covers the gap.
 */
export class WakeListener {
  readonly #config: pg.ClientConfig
  readonly #channel: string
  readonly #listeners = new Set<() => void>()
  readonly #logError: (message: string, error: unknown) => void
  #client: pg.Client | undefined
  #closed = false
  #retryMs = 250
  #timer: NodeJS.Timeout | undefined
  /** Set while reconnecting: the loss is logged once, not once per retry. */
  #lostAt = 0

  constructor(config: pg.ClientConfig, channel: string, logError: (message: string, error: unknown) => void) {
    this.#config = config
    this.#channel = channel
    this.#logError = logError
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener)
    if (!this.#client && !this.#timer) void this.#connect()
    return () => this.#listeners.delete(listener)
  }

  async close(): Promise<void> {
    this.#closed = true
    clearTimeout(this.#timer)
    const client = this.#client
    this.#client = undefined
    await client?.end().catch(() => undefined)
  }

  async #connect(): Promise<void> {
    if (this.#closed) return
    const client = new pg.Client(this.#config)
    client.on('notification', () => {
      for (const listener of this.#listeners) listener()
    })
    client.on('error', (error) => this.#reconnect(client, error))
    client.on('end', () => this.#reconnect(client, new Error('connection ended')))
    try {
      await client.connect()
      await client.query(`LISTEN "${this.#channel.replace(/"/g, '""')}"`)
      if (this.#closed) return void client.end()
      this.#client = client
      this.#retryMs = 250
      if (this.#lostAt) this.#logError(`callhook: the LISTEN connection is back after ${Math.round((Date.now() - this.#lostAt) / 1000)} s`, undefined)
      this.#lostAt = 0
      for (const listener of this.#listeners) listener() // catch up on anything missed while away
    } catch (error) {
      this.#reconnect(client, error)
    }
  }

  #reconnect(client: pg.Client, error: unknown): void {
    if (this.#closed || (this.#client !== undefined && this.#client !== client) || this.#timer) return
    this.#client = undefined
    void client.end().catch(() => undefined)
    if (!this.#lostAt) {
      this.#lostAt = Date.now()
      this.#logError('callhook: lost the LISTEN connection; reconnecting with backoff, polling meanwhile (logged once until it is back)', error)
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      void this.#connect()
    }, this.#retryMs)
    this.#timer.unref()
    this.#retryMs = Math.min(this.#retryMs * 2, 10_000)
  }
}
