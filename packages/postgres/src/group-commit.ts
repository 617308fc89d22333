/**
 * Writes that many callers make at once, sent as one statement (one round trip, one commit) while
 * earlier ones are still running: a commit-per-call costs PostgreSQL a parse-free but still
 * expensive executor start, a WAL flush and two context switches per call, whatever the rows.
 * Each caller's promise settles when the statement holding its item has committed (or failed), so
 * nothing resolves before it is durable. Up to `maxInFlight` statements run at once; what arrives
 * meanwhile waits for the next one. When a statement of several items fails, each item is written
 * again on its own, so one bad item never fails the others.
 */
interface Waiting<T, R> { item: T; resolve: (answer: R) => void; reject: (error: unknown) => void }

export class GroupCommit<T, R> {
  readonly #queue: Array<Waiting<T, R>> = []
  readonly #drained = new Set<() => void>()
  #running = 0
  #scheduled = false

  constructor(
    /** Writes the items in one statement; answers one result per item, in order. */
    private readonly writeMany: (items: T[]) => Promise<R[]>,
    /** Writes one item alone (after a statement of several failed). */
    private readonly writeOne: (item: T) => Promise<R>,
    private readonly options: {
      maxInFlight: number
      maxItems: number
      /** Whether two items may share a statement (default: any two). */
      sameStatement?: (a: T, b: T) => boolean
      /** Items go out in the order they came: a statement takes only the neighbours of its first item (default); false also takes later ones that may share it. */
      inOrder?: boolean
    },
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject })
      this.#schedule()
    })
  }

  /** Resolves once nothing is waiting or being written. */
  drained(): Promise<void> {
    if (this.#running === 0 && this.#queue.length === 0) return Promise.resolve()
    return new Promise((resolve) => this.#drained.add(resolve))
  }

  /** Starts a statement after the current turn of the event loop (callers of the same turn share it). */
  #schedule(): void {
    if (this.#scheduled || this.#running >= this.options.maxInFlight || this.#queue.length === 0) return
    this.#scheduled = true
    setImmediate(() => {
      this.#scheduled = false
      while (this.#running < this.options.maxInFlight && this.#queue.length > 0) void this.#write(this.#take())
    })
  }

  /** The first waiting item and up to maxItems − 1 more that may share its statement: its neighbours only, unless `inOrder` is false. */
  #take(): Array<Waiting<T, R>> {
    const first = this.#queue.shift()!
    const batch = [first]
    const same = this.options.sameStatement ?? (() => true)
    for (let i = 0; i < this.#queue.length && batch.length < this.options.maxItems; ) {
      if (same(first.item, this.#queue[i]!.item)) batch.push(this.#queue.splice(i, 1)[0]!)
      else if (this.options.inOrder ?? true) break
      else i++
    }
    return batch
  }

  async #write(batch: Array<Waiting<T, R>>): Promise<void> {
    this.#running++
    try {
      const answers = await this.writeMany(batch.map((b) => b.item))
      batch.forEach((b, i) => b.resolve(answers[i]!))
    } catch (error) {
      if (batch.length === 1) batch[0]!.reject(error)
      else await Promise.all(batch.map((b) => Promise.resolve().then(() => this.writeOne(b.item)).then(b.resolve, b.reject)))
    } finally {
      this.#running--
      if (this.#running === 0 && this.#queue.length === 0) {
        for (const resolve of this.#drained) resolve()
        this.#drained.clear()
      }
      this.#schedule()
    }
  }
}
