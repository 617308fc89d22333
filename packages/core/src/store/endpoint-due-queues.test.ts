import { describe, expect, it } from 'vitest'
import { EndpointDueQueues } from './endpoint-due-queues.js'

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString()

/** Queues whose deliveries are current while `current` maps their id to their time; counts the checks. */
function queues() {
  const current = new Map<string, string>()
  let checks = 0
  const q = new EndpointDueQueues((id, time) => {
    checks++
    return current.get(id) === time
  })
  const push = (endpointId: string, id: string, time: string) => {
    current.set(id, time)
    q.set(endpointId, id, time)
  }
  const popDue = (now: string, limit: number, excluded: ReadonlySet<string>) => {
    const taken: Array<{ id: string; at: string }> = []
    q.popDue(now, limit, excluded, (entry) => taken.push(entry))
    return taken
  }
  return { q, push, popDue, current, checks: () => checks }
}

describe('EndpointDueQueues', () => {
  it('takes the earliest due entries across endpoints, at most `limit`, and none due later', () => {
    const { q, push, popDue } = queues()
    push('a', 'a1', at(3))
    push('b', 'b1', at(1))
    push('a', 'a2', at(2))
    push('b', 'b2', at(9))
    expect(popDue(at(5), 10, new Set()).map((e) => e.id)).toEqual(['b1', 'a2', 'a1'])
    expect(q.nextAt()).toBe(at(9))
    expect(popDue(at(9), 1, new Set()).map((e) => e.id)).toEqual(['b2'])
    expect(q.nextAt()).toBeNull()
  })

  it('passes over excluded endpoints, whose entries stay for a later claim', () => {
    const { q, push, popDue } = queues()
    push('a', 'a1', at(1))
    push('a', 'a2', at(2))
    push('b', 'b1', at(3))
    expect(popDue(at(5), 10, new Set(['a'])).map((e) => e.id)).toEqual(['b1'])
    expect(q.nextAt()).toBe(at(1))
    expect(popDue(at(5), 10, new Set()).map((e) => e.id)).toEqual(['a1', 'a2'])
  })

  it('drops deliveries no longer current (one that stopped heading its key was not moved) and finds the endpoint\'s next current one', () => {
    const { q, push, popDue, current } = queues()
    push('a', 'a1', at(1))
    push('a', 'a2', at(4))
    push('b', 'b1', at(2))
    current.delete('a1') // no longer takeable, and not taken out
    push('a', 'a2', at(3)) // moved: due earlier now
    expect(q.nextAt()).toBe(at(2))
    expect(popDue(at(9), 10, new Set()).map((e) => `${e.id}@${e.at.slice(17, 19)}`)).toEqual(['b1@02', 'a2@03'])
    expect(popDue(at(9), 10, new Set())).toEqual([])
  })

  it('forgets a dropped endpoint', () => {
    const { q, push, popDue } = queues()
    push('a', 'a1', at(1))
    push('b', 'b1', at(2))
    q.drop('a')
    expect(popDue(at(9), 10, new Set()).map((e) => e.id)).toEqual(['b1'])
  })

  it('passes over an excluded endpoint with 10,000 due entries by looking at one of them, not all', () => {
    const { push, popDue, checks } = queues()
    for (let i = 0; i < 10_000; i++) push('open-circuit', `x${i}`, at(1))
    push('b', 'b1', at(2))
    const before = checks()
    expect(popDue(at(9), 10, new Set(['open-circuit'])).map((e) => e.id)).toEqual(['b1'])
    expect(checks() - before).toBeLessThan(10) // the single queue looked at (and moved) every one of the 10,000
  })

  it('holds one place per delivery: queued twice, or moved later, it is handed out once, at its last time', () => {
    const { q, push, popDue } = queues()
    push('a', 'a1', at(1))
    push('a', 'a1', at(1)) // moved again without its time changing
    push('a', 'a2', at(1))
    push('a', 'a3', at(2))
    push('a', 'a3', at(5)) // leased until 5
    expect(popDue(at(9), 10, new Set()).map((e) => `${e.id}@${e.at.slice(17, 19)}`)).toEqual(['a1@01', 'a2@01', 'a3@05'])
    q.delete('a', 'a1')
    expect(q.nextAt()).toBeNull()
  })
})
