import { expect, it } from 'vitest'
import { GroupCommit } from './group-commit.js'

/** A GroupCommit over a fake "database" that records the statements it was sent. */
function recording(options: { maxInFlight?: number; failWhen?: (items: string[]) => boolean; sameStatement?: (a: string, b: string) => boolean; inOrder?: boolean } = {}) {
  const statements: string[][] = []
  const alone: string[] = []
  const pending: Array<() => void> = []
  const group = new GroupCommit<string, string>(
    async (items) => {
      statements.push(items)
      await new Promise<void>((resolve) => pending.push(resolve)) // "committed" when the test says so
      if (options.failWhen?.(items)) throw new Error(`statement of ${items.join('+')} failed`)
      return items.map((item) => `stored ${item}`)
    },
    async (item) => {
      alone.push(item)
      if (item === 'bad') throw new Error('bad item')
      return `stored ${item} alone`
    },
    { maxInFlight: options.maxInFlight ?? 1, maxItems: 3, ...(options.sameStatement ? { sameStatement: options.sameStatement } : {}), ...(options.inOrder === undefined ? {} : { inOrder: options.inOrder }) },
  )
  const commit = async () => {
    await new Promise((resolve) => setImmediate(resolve))
    pending.splice(0).forEach((resolve) => resolve())
    for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve)) // answers delivered, the next statement started
  }
  return { group, statements, alone, commit }
}

it('writes the items of one turn of the event loop in one statement, and what arrives meanwhile in the next, at most maxItems each', async () => {
  const { group, statements, commit } = recording()
  const settled: string[] = []
  const first = ['a', 'b'].map((item) => group.add(item).then((answer) => void settled.push(answer)))
  await new Promise((resolve) => setImmediate(resolve))
  const later = ['c', 'd', 'e', 'f'].map((item) => group.add(item).then((answer) => void settled.push(answer)))
  await new Promise((resolve) => setImmediate(resolve))
  expect(statements).toEqual([['a', 'b']]) // one in flight at most: c…f wait
  expect(settled).toEqual([]) // nothing resolves before its statement commits
  await commit()
  expect(settled).toEqual(['stored a', 'stored b'])
  expect(statements).toEqual([['a', 'b'], ['c', 'd', 'e']])
  await commit()
  await commit()
  await Promise.all([...first, ...later])
  expect(statements).toEqual([['a', 'b'], ['c', 'd', 'e'], ['f']])
  expect(settled).toEqual(['stored a', 'stored b', 'stored c', 'stored d', 'stored e', 'stored f'])
})

it('when a statement of several items fails, writes each again alone: only the bad one fails', async () => {
  const { group, alone, commit } = recording({ failWhen: (items) => items.includes('bad') })
  const answers = ['x', 'bad', 'y'].map((item) => group.add(item).then((answer) => answer, (error: Error) => `rejected: ${error.message}`))
  await commit()
  expect(await Promise.all(answers)).toEqual(['stored x alone', 'rejected: bad item', 'stored y alone'])
  expect(alone).toEqual(['x', 'bad', 'y'])
})

it('a failed statement of one item rejects with its own error, not written twice', async () => {
  const { group, alone, commit } = recording({ failWhen: () => true })
  const answer = group.add('only').catch((error: Error) => error.message)
  await commit()
  expect(await answer).toBe('statement of only failed')
  expect(alone).toEqual([])
})

it('puts only neighbours that may share a statement together: items go out in the order they came', async () => {
  const { group, statements, commit } = recording({ sameStatement: (a, b) => a[0] === b[0] })
  const all = ['a1', 'a2', 'b1', 'b2', 'a3'].map((item) => group.add(item))
  for (let i = 0; i < 3; i++) await commit()
  await Promise.all(all)
  expect(statements).toEqual([['a1', 'a2'], ['b1', 'b2'], ['a3']])
})

it('with inOrder: false, also takes later items that may share the statement', async () => {
  const { group, statements, commit } = recording({ sameStatement: (a, b) => a[0] === b[0], inOrder: false })
  const all = ['a1', 'b1', 'a2', 'b2'].map((item) => group.add(item))
  for (let i = 0; i < 2; i++) await commit()
  await Promise.all(all)
  expect(statements).toEqual([['a1', 'a2'], ['b1', 'b2']])
})

it('drained() waits for what is queued and in flight', async () => {
  const { group, commit } = recording({ maxInFlight: 2 })
  await group.drained() // nothing to wait for
  const written = ['a', 'b'].map((item) => group.add(item))
  let drained = false
  const done = group.drained().then(() => (drained = true))
  await new Promise((resolve) => setImmediate(resolve))
  expect(drained).toBe(false)
  await commit()
  await done
  await Promise.all(written)
  expect(drained).toBe(true)
})
