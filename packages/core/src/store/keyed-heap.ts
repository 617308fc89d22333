/**
 * A min-heap of keys by time (ties by key), one entry per key, whose time can be changed or that
 * can be removed in place: O(log n) each, and never more entries than keys.
 */
export class KeyedHeap {
  readonly #keys: string[] = []
  readonly #at = new Map<string, string>()
  readonly #index = new Map<string, number>()

  /** The key's time, or undefined when it is not in the heap. */
  at(key: string): string | undefined {
    return this.#at.get(key)
  }

  /** Adds the key, or moves it to its new time. */
  set(key: string, at: string): void {
    this.#at.set(key, at)
    const i = this.#index.get(key)
    if (i === undefined) {
      this.#keys.push(key)
      this.#index.set(key, this.#keys.length - 1)
      this.#up(this.#keys.length - 1)
    } else {
      this.#down(this.#up(i))
    }
  }

  delete(key: string): void {
    const i = this.#index.get(key)
    if (i === undefined) return
    this.#index.delete(key)
    this.#at.delete(key)
    const last = this.#keys.pop()!
    if (i === this.#keys.length) return
    this.#keys[i] = last
    this.#index.set(last, i)
    this.#down(this.#up(i))
  }

  /** The earliest key and its time. */
  peek(): { key: string; at: string } | undefined {
    const key = this.#keys[0]
    return key === undefined ? undefined : { key, at: this.#at.get(key)! }
  }

  get size(): number {
    return this.#keys.length
  }

  #before(i: number, j: number): boolean {
    const a = this.#keys[i]!
    const b = this.#keys[j]!
    const atA = this.#at.get(a)!
    const atB = this.#at.get(b)!
    return atA < atB || (atA === atB && a < b)
  }

  #swap(i: number, j: number): void {
    const keys = this.#keys
    ;[keys[i], keys[j]] = [keys[j]!, keys[i]!]
    this.#index.set(keys[i]!, i)
    this.#index.set(keys[j]!, j)
  }

  /** Moves the entry at i up while it is earlier than its parent; returns where it ends. */
  #up(i: number): number {
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.#before(i, parent)) break
      this.#swap(i, parent)
      i = parent
    }
    return i
  }

  #down(i: number): void {
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let smallest = i
      if (l < this.#keys.length && this.#before(l, smallest)) smallest = l
      if (r < this.#keys.length && this.#before(r, smallest)) smallest = r
      if (smallest === i) return
      this.#swap(i, smallest)
      i = smallest
    }
  }
}
