/** A REST request as an adapter hands it over. */
export interface ApiRequest {
  method: string
  /** The path under the mount point: `/endpoints/ep_…`. */
  path: string
  query?: Readonly<Record<string, unknown>> | URLSearchParams | undefined
  headers: Readonly<Record<string, string | string[] | undefined>>
  /** The body: a Buffer or string, the request stream itself, or a value a body parser already made. */
  body?: unknown
  /**
   * The tenant (account) the request is scoped to, from the adapter's `tenant(req)` option;
   * undefined when no tenant option is set; null when it is set but found no tenant (401).
   */
  tenant?: string | null | undefined
}

export interface ApiResponse {
  status: number
  headers: Record<string, string>
  /** Serialised body; undefined for 204. */
  body: string | undefined
}
