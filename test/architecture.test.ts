import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// Issue 10's rules, checked on every `pnpm test` so they cannot quietly regress. Lines are counted
// as `wc -l` counts them. Every TypeScript file under packages/*/src counts, tests beside the
// source included: they live in src too, and are read as often as the code.

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const PACKAGES = join(ROOT, 'packages')
const MAX_FILE_LINES = 250
const ADAPTERS = ['express', 'koa', 'fastify', 'fetch']
const MAX_ADAPTER_LINES = 120 // each adapter's src/ in all: under this

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : tsFiles(path)
    return /\.(c|m)?tsx?$/.test(name) ? [path] : []
  })
}

function lineCount(path: string): number {
  const text = readFileSync(path, 'utf8')
  return (text.match(/\n/g)?.length ?? 0) + (text === '' || text.endsWith('\n') ? 0 : 1)
}

const sources = readdirSync(PACKAGES)
  .map((pkg) => join(PACKAGES, pkg, 'src'))
  .filter((src) => statSync(src, { throwIfNoEntry: false })?.isDirectory())
  .flatMap(tsFiles)

describe('the architecture rules of issue 10', () => {
  it('finds the sources it checks (a wrong path would pass every rule)', () => {
    expect(sources.length).toBeGreaterThan(100)
    expect(sources).toContain(join(PACKAGES, 'core', 'src', 'webhooks.ts'))
  })

  it(`has no file over ${MAX_FILE_LINES} lines in packages/*/src (tests there included)`, () => {
    const tooLong = sources
      .map((path) => ({ path, lines: lineCount(path) }))
      .filter((f) => f.lines > MAX_FILE_LINES)
      .map((f) => `${relative(ROOT, f.path)}: ${f.lines} lines; split it along a seam`)
    expect(tooLong).toEqual([])
  })

  it(`keeps each framework adapter (${ADAPTERS.join(', ')}) under ${MAX_ADAPTER_LINES} lines of src in all`, () => {
    const tooLarge = ADAPTERS.map((name) => {
      const files = tsFiles(join(PACKAGES, name, 'src'))
      expect(files.length).toBeGreaterThan(0)
      return { name, lines: files.reduce((sum, path) => sum + lineCount(path), 0) }
    })
      .filter((a) => a.lines >= MAX_ADAPTER_LINES)
      .map((a) => `packages/${a.name}/src: ${a.lines} lines; move what is not framework glue into @callhook/core/adapter`)
    expect(tooLarge).toEqual([])
  })

  it('runs the import-cycle check (`pnpm cycles`) as part of `pnpm test`', () => {
    const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>
    expect(scripts.cycles).toMatch(/madge --circular .*packages\/\*\/src/)
    expect(scripts.test).toMatch(/pnpm cycles/)
  })
})
