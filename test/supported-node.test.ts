import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

// The supported Node lines are stated in three places that must agree: `engines` (root and every
// package), the README, and the lines .ci/run tests.
const root = new URL('../', import.meta.url)
const read = (path: string) => readFileSync(new URL(path, root), 'utf8')
const engines = (path: string): string | undefined => JSON.parse(read(path)).engines?.node

/** `^20.19.0 || ^22.12.0 || >=24.0.0` → [{ major: 20, minor: 19, open: false }, …]; throws on other forms. */
function lines(range: string): Array<{ major: number; minor: number; open: boolean }> {
  return range.split('||').map((part) => {
    const m = /^(\^|>=)(\d+)\.(\d+)\.0$/.exec(part.trim())
    if (!m) throw new Error(`unexpected engines range part "${part}"`)
    return { major: Number(m[2]), minor: Number(m[3]), open: m[1] === '>=' }
  })
}
function accepts(range: string, version: string): boolean {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number) as [number, number]
  return lines(range).some((l) => (l.open ? major > l.major || (major === l.major && minor >= l.minor) : major === l.major && minor >= l.minor))
}

describe('supported Node lines', () => {
  const range = engines('package.json')!

  it('root engines names 20.19+, 22.12+ and 24, and accepts the Node running this test', () => {
    expect(lines(range)).toEqual([{ major: 20, minor: 19, open: false }, { major: 22, minor: 12, open: false }, { major: 24, minor: 0, open: true }])
    expect(accepts(range, process.version)).toBe(true)
    expect([accepts(range, 'v20.18.0'), accepts(range, 'v21.7.0'), accepts(range, 'v22.11.0'), accepts(range, 'v24.0.0')]).toEqual([false, false, false, true])
  })

  it('every package under packages/ states the same engines', () => {
    const packages = readdirSync(new URL('packages/', root))
    expect(packages).toEqual(expect.arrayContaining(['core', 'express', 'koa', 'fastify', 'fetch', 'sqlite', 'postgres', 'portal']))
    for (const name of packages) expect({ name, node: engines(`packages/${name}/package.json`) }).toEqual({ name, node: range })
  })

  it('the README states each line, and .ci/run tests each one', () => {
    const readme = read('README.md')
    const install = readme.slice(readme.indexOf('No pnpm yet?'), readme.indexOf('No pnpm yet?') + 300)
    expect(install).toMatch(/Node 24 .*22\.12\+.*20\.19\+/s)
    expect(readme).toContain(`\`engines\`: \`${range}\``)
    expect(read('.ci/run')).toMatch(/^lines=\$\{CI_NODE_LINES:-20 22 24\}$/m)
  })
})
