import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { describeStoreContract } from '@callhook/core/testing'
import { SqliteStore } from './sqlite-store.js'

const dir = mkdtempSync(join(tmpdir(), 'callhook-sqlite-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let n = 0

describeStoreContract('sqlite', () => new SqliteStore({ filename: join(dir, `store-${n++}.db`) }))
