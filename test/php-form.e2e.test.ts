import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { calltrackingSignedData, createVerifier, renderRequest, signCalltracking } from '@callhook/core'
import { endpointRecord, eventRecord } from '@callhook/core/testing'
import { parsePhpForm, type PhpArray } from '../packages/core/src/signing/php-form.js'
import { phpAvailable, runPhp, type PhpCase, type PhpTree } from './helpers/php.js'

/**
 * callhook's Node reading of form bodies, checked against PHP itself: the parsed `$_POST` array
 * and the string seed 000's receiver signs (ksort, sub-keys, raw bytes) must be identical.
 * CI installs php (.ci/run): there a missing php is a failure, not a skip.
 */
const hasPhp = phpAvailable()
const inCi = process.env.CI === 'true'
const KEY = 'qChJkeBjdeTESTKEYTlBL'
const URL_ = 'https://crm.example.com/hooks/calls'

if (!hasPhp) {
  if (inCi) it('php is installed (CI installs php-cli in .ci/run)', () => expect.fail('php is not on PATH: the PHP form-parsing tests cannot run'))
  else console.warn('php-form.e2e.test.ts: skipped — php is not installed (apt-get install -y php-cli to run it)')
}

function tree(table: PhpArray): PhpTree {
  const hex = (s: string) => Buffer.from(s, 'latin1').toString('hex')
  return [...table].map(([k, v]) => [hex(k), typeof v === 'string' ? hex(v) : tree(v)])
}

/** Every case in one php run; each must match callhook's tree, signed bytes and signature. */
function compareWithPhp(cases: PhpCase[], seed?: number): void {
  const results = runPhp(cases)
  cases.forEach((c, i) => {
    const body = seed === undefined ? c.body.toString('latin1') : `${c.body.toString('latin1')} (fast-check seed ${seed})`
    expect({ body, tree: tree(parsePhpForm(c.body)) }).toEqual({ body, tree: results[i]!.tree })
    expect({ body, signed: calltrackingSignedData(c.url, c.body, true).toString('hex') }).toEqual({ body, signed: results[i]!.signedHex })
    expect({ body, signature: signCalltracking(c.key, calltrackingSignedData(c.url, c.body, true)) }).toEqual({ body, signature: results[i]!.signature })
  })
}

const enc = (bytes: string) => [...Buffer.from(bytes, 'latin1')].map((b) => (/[A-Za-z0-9[\]]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`)).join('')
const body = (text: string) => ({ body: Buffer.from(text, 'latin1'), url: URL_, key: KEY })

describe.skipIf(!hasPhp)('form bodies as PHP reads them (checked against php)', () => {
  it('edge cases: dots and spaces, brackets, auto-indexes, NUL, duplicates, numeric keys, Latin-1', () => {
    compareWithPhp([
      'a.b=1&a+c=2&+lead=3&x y[z.w]=4', // . and space become _ in top-level names only; leading spaces dropped
      'a[b=1&c[d]e=2&f[x[y]]=3&g[b][c=4', // "[" with no "]", text after "]", a sub-key ends at the first "]"
      'a[]=1&a[]=2&a[ ]=3&a[ b]=4&n[5]=x&n[]=y&m[-5]=p&m[]=q', // auto-indexes, "[ ]", " b", next index after 5 and -5
      'a%00b=1&=x&&&c&%zz=2&d[=3', // NUL ends a name, empty names skipped, no "=", bad escapes kept
      'a=1&a[x]=2&b[x]=1&b=2&c[x][y]=1&c[x]=2&d[x]=1&d[x][y]=2', // scalar and array under one name: the later replaces
      '10=x&9=y&-3=z&b=1&05=w&1e1=v&a=2', // integer keys sort numerically, numeric strings (05, 1e1) as numbers
      'calltracking_event%5Bville%5D=Orl%E9ans&calltracking_event%5Bnom%5D=Fran%E7ois+Leg%E8re&%E9t%E9=%FF', // Latin-1 bytes
      'e[a][b][c]=deep&e[z]=1&f[]=', // a nested array inside a sub-value: seed 000 concatenates "Array"
    ].map(body))
  })

  it('property: for random field sets, callhook parses and signs exactly as php does', () => {
    const chars = (alphabet: string, max: number) => fc.array(fc.constantFrom(...alphabet), { maxLength: max }).map((a) => a.join(''))
    // Top-level names: canonical integers, or names starting with a letter (ksort orders such
    // sets transitively; see php-ksort.ts for the sets where PHP's own order depends on its sort).
    const base = fc.oneof(fc.integer({ min: -20, max: 20 }).map(String), fc.tuple(fc.constantFrom(...'abzAZ_é'), chars('ab9_. é-', 5)).map(([h, t]) => h + t))
    const sub = chars('ab09 .-[é+', 4)
    const part = fc.oneof(sub.map((s) => `[${s}]`), fc.constant('[]'), fc.constant('[ ]'), fc.integer({ min: -3, max: 12 }).map((n) => `[${n}]`))
    // after the last "]": ignored text, or a "[" that never closes (only after a letter, so the
    // plain name it makes does not start with a digit)
    const tail = fc.oneof(fc.constant(''), sub.map((s) => `]${s}`), fc.constant('[x'))
    const name = fc.tuple(base, fc.array(part, { maxLength: 3 }), tail).map(([b, parts, t]) => {
      if (t === '[x') return /^[0-9-]/.test(b) && parts.length === 0 ? b : b + parts.join('') + t
      return b + parts.join('') + (parts.length ? t : '')
    })
    const value = chars('az09 &=+%é\xff\x00', 6)
    const pair = fc.tuple(name, value).map(([n, v]) => `${enc(n)}=${enc(v)}`)
    const bodies = fc.array(pair, { minLength: 1, maxLength: 10 }).map((pairs) => pairs.join('&'))
    const seed = Date.now() % 1_000_000
    const cases = fc.sample(bodies, { numRuns: 400, seed }).map(body)
    compareWithPhp(cases, seed)
  })

  it("callhook's own form delivery verifies in seed 000's PHP receiver whatever the data keys, and PHP reads each key back as sent", () => {
    const data = { 'utm[source]': 'google', 'a]b[c': '1', 'x.y z': 'dot', '': 'empty', '5': 'five', 'nul\0key': 'n', 'ville': 'Orléans', nested: { k: ['v'] } }
    const endpoint = endpointRecord({ format: 'form', url: URL_, secret: KEY })
    const request = renderRequest(endpoint, eventRecord({ id: 'msg_1', type: 'call:completed', data }), Date.now())
    const [result] = runPhp([{ body: Buffer.from(request.body!, 'utf8'), url: URL_, key: KEY }])
    expect(result!.signature).toBe(request.headers['x-calltracking-signature'])
    const event = result!.tree.find(([k]) => Buffer.from(k, 'hex').toString() === 'calltracking_event')![1] as PhpTree
    const keys = event.map(([k]) => Buffer.from(k, 'hex').toString('utf8'))
    expect(keys).toEqual(['5', 'utm(source)', 'a)b(c', 'x.y z', '_', 'nulkey', 'ville', 'nested']) // JS puts integer keys first
    expect(createVerifier({ secret: KEY, scheme: 'calltracking' })({ headers: request.headers, rawBody: request.body!, url: URL_ }).scheme).toBe('calltracking')
  })
})
