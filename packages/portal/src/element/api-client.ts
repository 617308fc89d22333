/** A field error of a problem+json answer: `{ field: 'url', message: 'must be …' }`. */
export interface FieldError {
  field: string
  message: string
}

/** A failed API call: the problem+json document when the server sent one. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly errors: FieldError[]

  constructor(status: number, code: string, message: string, errors: FieldError[] = []) {
    super(message)
    this.status = status
    this.code = code
    this.errors = errors
  }
}

/**
 * Talks to the callhook REST API the element's `api` attribute names, with the page's cookies, and
 * with a portal link's token as `Authorization: Bearer` when the element has one.
 */
/** Says the server's words in the reader's language (see i18n/server-messages.ts); absent: as the server wrote them. */
export interface ApiWords {
  problem(code: string, detail: string): string
  field(message: string): string
}

export class ApiClient {
  readonly base: string
  readonly token: string | undefined
  readonly #words: ApiWords | undefined

  constructor(base: string, token?: string, words?: ApiWords) {
    this.base = base.replace(/\/+$/, '')
    this.token = token || undefined
    this.#words = words
  }

  get<T>(path: string, query?: Record<string, string | undefined>): Promise<T> {
    const params = new URLSearchParams()
    for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== '') params.set(key, value)
    const search = params.toString()
    return this.request<T>('GET', search ? `${path}?${search}` : path)
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body ?? {})
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body)
  }

  delete(path: string): Promise<void> {
    return this.request<void>('DELETE', path)
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json, application/problem+json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) } }
    if (body !== undefined) {
      init.body = JSON.stringify(body)
      init.headers = { ...init.headers, 'content-type': 'application/json' }
    }
    let response: Response
    try {
      response = await fetch(this.base + path, init)
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      throw new ApiError(0, 'network', this.#words?.problem('network', reason) ?? reason)
    }
    if (response.status === 204) return undefined as T
    const text = await response.text()
    let json: unknown
    try {
      json = text ? JSON.parse(text) : undefined
    } catch {
      json = undefined
    }
    if (!response.ok) {
      const problem = (json ?? {}) as { code?: string; detail?: string; title?: string; errors?: FieldError[] }
      const code = problem.code ?? 'http_error'
      const detail = problem.detail ?? problem.title ?? `${response.status} ${response.statusText}`
      const errors = Array.isArray(problem.errors) ? problem.errors : []
      const words = this.#words
      throw new ApiError(response.status, code, words ? words.problem(code, detail) : detail, words ? errors.map((e) => ({ ...e, message: words.field(e.message) })) : errors)
    }
    return json as T
  }
}
