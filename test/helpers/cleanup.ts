import { afterEach } from 'vitest'

/** A logger that says nothing: for tests whose subject is not the log. */
export const quiet = { warn() {}, error() {} }

/**
 * Call once at the top of a test file: push closers (servers, instances, pools) onto the list it
 * returns; after each test they run, the last pushed first.
 */
export function closeAfterEach(): Array<() => Promise<unknown>> {
  const closers: Array<() => Promise<unknown>> = []
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close()
  })
  return closers
}
