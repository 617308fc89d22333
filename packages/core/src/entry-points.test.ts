import { describe, expect, it } from 'vitest'
import * as adapter from './adapter/index.js'
import * as main from './index.js'

// The main entry is the public API; what only adapters need lives on @callhook/core/adapter.
describe('@callhook/core entry points', () => {
  it('the main entry exports none of the adapter plumbing', () => {
    const plumbing = Object.keys(adapter).filter((name) => name !== 'PROBLEM_CONTENT_TYPE') // a constant hosts use too
    expect(plumbing).toEqual(expect.arrayContaining(['createApiMount', 'createReceiver', 'readVerifiableBody', 'errorResponse']))
    expect(plumbing.filter((name) => name in main)).toEqual([])
    for (const name of ['handleRequest', 'createApiHandler', 'routes', 'Dispatcher', 'HttpSender']) expect(name in main, name).toBe(false)
  })
})
