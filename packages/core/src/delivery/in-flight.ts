/** The dispatcher's count of attempts in flight in this process: per endpoint, and in all. */
export class InFlight {
  readonly #byEndpoint = new Map<string, number>()
  #total = 0

  get total(): number {
    return this.#total
  }

  /** True when the endpoint has `cap` or more attempts in flight. */
  full(endpointId: string, cap: number): boolean {
    return (this.#byEndpoint.get(endpointId) ?? 0) >= cap
  }

  /** The endpoints with `cap` or more attempts in flight. */
  fullEndpoints(cap: number): string[] {
    return [...this.#byEndpoint].filter(([, n]) => n >= cap).map(([id]) => id)
  }

  started(endpointId: string): void {
    this.#byEndpoint.set(endpointId, (this.#byEndpoint.get(endpointId) ?? 0) + 1)
    this.#total++
  }

  finished(endpointId: string): void {
    const left = (this.#byEndpoint.get(endpointId) ?? 1) - 1
    if (left === 0) this.#byEndpoint.delete(endpointId)
    else this.#byEndpoint.set(endpointId, left)
    this.#total--
  }
}
