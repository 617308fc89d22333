import { statSync } from 'node:fs'
import { CallhookError } from '@callhook/core'

/**
 * Notices that the database file was removed or replaced under the open connection (an operator
 * cleaning up, a deploy wiping a folder). SQLite would keep writing to the unlinked file and every
 * write would vanish at the next restart, so the store refuses to go on with a clear error instead.
 */
export class FileGuard {
  readonly #filename: string
  readonly #identity: string

  /** `filename` as just opened; ':memory:' has nothing to guard. */
  constructor(filename: string) {
    this.#filename = filename
    this.#identity = filename === ':memory:' ? '' : identityOf(filename) ?? ''
  }

  /** Throws `store_unavailable` when the file is no longer the one the store opened. */
  check(): void {
    if (this.#identity === '' || identityOf(this.#filename) === this.#identity) return
    throw new CallhookError(
      'store_unavailable',
      `callhook: the SQLite database ${this.#filename} was removed or replaced while open; nothing more is written to it ` +
        '(it would be lost at the next restart). Put the file back, or restart the process to open the file now at that path',
    )
  }
}

function identityOf(filename: string): string | null {
  const stats = statSync(filename, { throwIfNoEntry: false })
  return stats ? `${stats.dev}:${stats.ino}` : null
}
