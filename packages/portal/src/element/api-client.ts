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
export class ApiClient {
  readonly base: string
  readonly token: string | undefined

  constructor(base: string, token?: string) {
    this.base = base.replace(/\/+$/, '')
    this.token = token || undefined
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
      throw new ApiError(0, 'network', error instanceof Error ? error.message : String(error))
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
      throw new ApiError(response.status, problem.code ?? 'http_error', problem.detail ?? problem.title ?? `${response.status} ${response.statusText}`, Array.isArray(problem.errors) ? problem.errors : [])
    }
    return json as T
  }
}
