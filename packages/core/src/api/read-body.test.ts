import { describe, expect, it } from 'vitest'
import { isUnparseableJson } from './read-body.js'

describe('isUnparseableJson', () => {
  it('is true for a JSON content type (any case, with parameters) whose body is empty or malformed', () => {
    expect(isUnparseableJson('application/json', Buffer.alloc(0))).toBe(true)
    expect(isUnparseableJson('Application/JSON; charset=utf-8', Buffer.from('{"a":'))).toBe(true)
  })

  it('is false for valid JSON, and for any body of another content type or none', () => {
    expect(isUnparseableJson('application/json', Buffer.from('{"a":1}'))).toBe(false)
    expect(isUnparseableJson('text/plain', Buffer.from('{"a":'))).toBe(false)
    expect(isUnparseableJson('application/x-www-form-urlencoded', Buffer.alloc(0))).toBe(false)
    expect(isUnparseableJson(undefined, Buffer.alloc(0))).toBe(false)
  })
})
