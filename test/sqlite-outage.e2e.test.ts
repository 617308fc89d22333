import { execFileSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import express from 'express'
import { afterAll, describe, expect, it } from 'vitest'
import { CallhookError, createWebhooks } from '@callhook/core'
import { startTestReceiver } from '@callhook/core/testing'
import { webhooks } from '@callhook/express'
import { SqliteStore } from '@callhook/sqlite'
import { api, listen } from './helpers/servers.js'
import { closeAfterEach } from './helpers/cleanup.js'
import { until } from './helpers/until.js'

// SQLite's outages, as an operator meets them: the database file removed or moved away under the
// running app, and the disk filling up. Neither may crash the host; each says what happened.
const dir = mkdtempSync(join(tmpdir(), 'callhook-sqlite-outage-'))
const cleanup = closeAfterEach()
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/**
 * An Express app on a SQLite file, a receiver that fails its first request (its retry is due 5 s
 * later: time for the test to break the store first, however loaded the machine), and what
 * callhook logged.
 */
async function app(filename: string) {
  const logged: string[] = []
  const log = (message: string) => void logged.push(message)
  const receiver = await startTestReceiver((_request, index) => ({ status: index === 0 ? 500 : 200 }))
  const hooks = createWebhooks({
    store: new SqliteStore({ filename }), allowPrivateNetworks: true, logger: { warn: log, error: log }, pollIntervalMs: 100,
    retry: { delaysSeconds: [5, 1, 1], jitter: 0 },
  })
  const server = await listen(express().use(webhooks({ hooks })))
  cleanup.push(() => receiver.close(), server.close, () => hooks.close())
  await hooks.endpoints.create({ url: receiver.url })
  return { hooks, receiver, logged, base: `${server.url}/webhooks` }
}

/**
 * A tmpfs of `bytes` at a new folder: a disk that really fills up. Mounting needs root with
 * CAP_SYS_ADMIN (CI here runs as root); where it is refused, the disk-full case is skipped and says why.
 */
function smallDisk(bytes: number): string | { refused: string } {
  const mountPoint = mkdtempSync(join(dir, 'disk-'))
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', mountPoint], { stdio: 'pipe' })
  } catch (error) {
    return { refused: `mounting a tmpfs was refused: ${String((error as { stderr?: Buffer }).stderr ?? (error as Error).message).trim()}` }
  }
  cleanup.push(async () => void execFileSync('umount', ['-l', mountPoint]))
  return mountPoint
}

/** Writes a file until the disk says ENOSPC. */
function fill(path: string): void {
  const fd = openSync(path, 'w')
  const chunk = Buffer.alloc(64 * 1024, 1)
  try {
    for (;;) writeSync(fd, chunk)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error
  } finally {
    closeSync(fd)
  }
}

describe('SQLite errors under a running app: a clear error, never a crash', () => {
  it('the database file moved away: emits reject saying so, /health answers 503, nothing is written to the lost file; moved back, everything resumes and nothing is lost', async () => {
    const filename = join(dir, 'moved.db')
    const { hooks, receiver, logged, base } = await app(filename)
    const before = await hooks.emit('call:completed', { id: 'before' })
    await receiver.waitFor(1) // its first attempt failed (500): a retry is due in 1 s, while the file is away
    await until(() => hooks.events.get(before.eventId), (e) => e.deliveries[0]?.attemptCount === 1)

    renameSync(filename, `${filename}.away`)
    const failed = await hooks.emit('call:completed', { id: 'during' }).catch((error: unknown) => error)
    expect(failed).toBeInstanceOf(CallhookError)
    expect(failed).toMatchObject({ code: 'store_unavailable', message: expect.stringMatching(/moved\.db was removed or replaced while open; nothing more is written to it/) })
    const overHttp = await api(base, 'POST', '/events', { type: 'call:completed', data: { id: 'during' } })
    expect(overHttp).toMatchObject({ status: 503, json: { code: 'store_unavailable' } })
    const down = await until(() => api(base, 'GET', '/health'), (r) => r.json.dispatcher === 'store_unavailable')
    expect(down.status).toBe(503)
    expect(down.json).toMatchObject({ status: 'unavailable', store: 'unavailable' })
    expect(logged.filter((line) => line.includes('the store does not answer'))).toHaveLength(1)
    expect(receiver.requests).toHaveLength(1) // the retry waits: its outcome could not be logged

    renameSync(`${filename}.away`, filename)
    const up = await until(() => api(base, 'GET', '/health'), (r) => r.status === 200 && r.json.dispatcher === 'running')
    expect(up.json).toMatchObject({ status: 'ok', store: 'ok' })
    await receiver.waitFor(2)
    expect(receiver.requests[1]!.headers['webhook-id']).toBe(before.eventId)
    const after = await hooks.emit('call:completed', { id: 'after' })
    await receiver.waitFor(3)
    expect(receiver.requests[2]!.headers['webhook-id']).toBe(after.eventId)
  }, 30_000)

  it('the database file deleted: the app stays up and every write is refused with the reason (a restart opens a new file)', async () => {
    const filename = join(dir, 'deleted.db')
    const { hooks, base } = await app(filename)
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${filename}${suffix}`, { force: true })
    await expect(hooks.emit('call:completed', { id: 'c1' })).rejects.toMatchObject({ code: 'store_unavailable', message: expect.stringContaining('was removed or replaced while open') })
    const created = await api(base, 'POST', '/endpoints', { url: 'https://crm.example.com/hooks' })
    expect(created).toMatchObject({ status: 503, json: { code: 'store_unavailable', detail: expect.stringContaining('restart the process') } })
    expect((await api(base, 'GET', '/health')).status).toBe(503)
    expect((await api(base, 'GET', '/endpoints')).status).toBe(503) // reads too: what they would read is gone at the next restart
  })

  it('a full disk: emits reject with SQLite\'s "disk is full", a due retry waits; once space is freed, both go out and nothing is lost', async (context) => {
    const disk = smallDisk(4 * 1024 * 1024)
    if (typeof disk !== 'string') return context.skip(disk.refused)
    const filename = join(disk, 'full.db')
    const { hooks, receiver, logged } = await app(filename)
    const before = await hooks.emit('call:completed', { id: 'before' })
    await receiver.waitFor(1)
    await until(() => hooks.events.get(before.eventId), (e) => e.deliveries[0]?.attemptCount === 1)

    // Empty the WAL (SQLite reuses its pages without asking the disk), then fill the disk.
    const other = new Database(filename)
    expect(other.pragma('wal_checkpoint(TRUNCATE)')).toMatchObject([{ busy: 0 }]) // done, not blocked by a reader
    other.close()
    fill(join(disk, 'filler'))
    const failed = await hooks.emit('call:completed', { id: 'during' }).catch((error: unknown) => error)
    expect(failed).toMatchObject({ code: 'store_unavailable', message: expect.stringMatching(/the event was not stored.*disk is full/) })
    await until(async () => logged, (lines) => lines.some((line) => line.includes('the store does not answer')))
    expect(receiver.requests).toHaveLength(1)

    unlinkSync(join(disk, 'filler'))
    await receiver.waitFor(2) // the retry, due while the disk was full
    expect(receiver.requests[1]!.headers['webhook-id']).toBe(before.eventId)
    const after = await hooks.emit('call:completed', { id: 'after' })
    await receiver.waitFor(3)
    expect(receiver.requests[2]!.headers['webhook-id']).toBe(after.eventId)
    expect(logged.filter((line) => line.includes('the store does not answer'))).toHaveLength(1)
  }, 30_000)
})
