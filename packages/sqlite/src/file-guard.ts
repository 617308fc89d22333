import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import { CallhookError } from '@callhook/core'

/**
 * Notices that the database file was removed, moved or replaced under the open connection (an
 * operator cleaning up, a deploy wiping a folder): its path no longer names the file (device and
 * inode) the store opened. SQLite would keep writing to the unlinked file and every write would
 * vanish at the next restart, so the store refuses to go on with a clear error instead.
 *
 * One `stat` per synchronous run of statements, not per statement: better-sqlite3 runs a store
 * call's statements (a transaction, a group commit of attempts) without yielding, so the first
 * statement checks and the rest of that run share its answer — the same guarantee (nothing can
 * move the file between them that could not also move it between a check and its statement),
 * at a fraction of the cost: a `stat` per statement was 11 % of the SQLite benchmark's CPU.
 */
export class FileGuard {
  readonly #filename: string
  readonly #identity: string
  /** Checked in the current synchronous run (cleared at its end, by a microtask). */
  #checked = false

  /** `filename` as just opened; ':memory:' has nothing to guard. A relative name is resolved now (a later chdir changes nothing). */
  constructor(filename: string) {
    this.#filename = filename === ':memory:' ? filename : resolve(filename)
    this.#identity = filename === ':memory:' ? '' : identityOf(this.#filename) ?? ''
  }

  /** Throws `store_unavailable` when the file is no longer the one the store opened. */
  check(): void {
    if (this.#identity === '' || this.#checked) return
    if (identityOf(this.#filename) === this.#identity) {
      this.#checked = true
      queueMicrotask(() => (this.#checked = false))
      return
    }
    throw new CallhookError(
      'store_unavailable',
      `callhook: the SQLite database ${this.#filename} was removed or replaced while open; nothing more is written to it ` +
        '(it would be lost at the next restart). Move the file back to that path (a copy is another file), or restart the process to open the file now there',
    )
  }
}

function identityOf(filename: string): string | null {
  const stats = statSync(filename, { throwIfNoEntry: false })
  return stats ? `${stats.dev}:${stats.ino}` : null
}
