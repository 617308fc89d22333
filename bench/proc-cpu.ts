/** CPU time read from Linux's /proc, for the profiling scripts (clock ticks: 1/100 s). */
import { readFileSync, readdirSync } from 'node:fs'

/** User and system CPU of a process (0, 0 once it is gone). */
export function userSystem(pid: number): [number, number] {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return [Number(fields[11]), Number(fields[12])]
  } catch {
    return [0, 0]
  }
}

export function ticks(pid: number): number {
  const [user, system] = userSystem(pid)
  return user + system
}

/** Busy CPU of the whole machine (user, nice, system, irq, softirq, steal). */
export function machineTicks(): number {
  const n = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
  return n[0]! + n[1]! + n[2]! + n[5]! + n[6]! + n[7]!
}

/** Every PostgreSQL process on this machine (backends and background workers) with its CPU so far. */
export function postgresTicks(): Map<number, number> {
  const pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres'
    } catch {
      return false
    }
  })
  return new Map(pids.map((pid) => [pid, ticks(pid)]))
}

/** PostgreSQL's CPU since `before` (processes started since count from zero). */
export function postgresTicksSince(before: Map<number, number>): number {
  let sum = 0
  for (const [pid, t] of postgresTicks()) sum += t - (before.get(pid) ?? 0)
  return sum
}
