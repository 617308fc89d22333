export interface Entry {
  at: string
  id: string
}

const before = (a: Entry, b: Entry) => a.at < b.at || (a.at === b.at && a.id < b.id)

/**
 * A min-heap of (due time, id) with lazy deletion: `push` again when a delivery's due time
 * changes, and let `popDue`'s `isCurrent` check drop the stale entries. O(log n) per operation,
 * so claiming from 100,000 pending deliveries costs what claiming from ten does.
 */
export class DueQueue {
  readonly #heap: Entry[] = []

  push(id: string, at: string): void {
    const heap = this.#heap
    heap.push({ at, id })
    let i = heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!before(heap[i]!, heap[parent]!)) break
      ;[heap[i], heap[parent]] = [heap[parent]!, heap[i]!]
      i = parent
    }
  }

  /** The earliest current entry, or undefined; stale entries on top are dropped. */
  peek(isCurrent: (id: string, at: string) => boolean): Entry | undefined {
    while (this.#heap.length > 0) {
      const top = this.#heap[0]!
      if (isCurrent(top.id, top.at)) return top
      this.#pop()
    }
    return undefined
  }

  /** Removes and returns the earliest current entry due at or before `now`. */
  popDue(now: string, isCurrent: (id: string, at: string) => boolean): Entry | undefined {
    const top = this.peek(isCurrent)
    if (!top || top.at > now) return undefined
    return this.#pop()
  }

  /** Removes and returns the top entry, current or not (undefined when empty). */
  pop(): Entry | undefined {
    return this.#heap.length > 0 ? this.#pop() : undefined
  }

  get size(): number {
    return this.#heap.length
  }

  #pop(): Entry {
    const heap = this.#heap
    const top = heap[0]!
    const last = heap.pop()!
    if (heap.length > 0) {
      heap[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let smallest = i
        if (l < heap.length && before(heap[l]!, heap[smallest]!)) smallest = l
        if (r < heap.length && before(heap[r]!, heap[smallest]!)) smallest = r
        if (smallest === i) break
        ;[heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!]
        i = smallest
      }
    }
    return top
  }
}
