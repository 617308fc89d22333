import { describe, expect, it } from 'vitest'
import { isPublicAddress, privateLiteralHost } from './address-guard.js'

describe('address guard', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fd00:ec2::254', 'fe80::1', '::ffff:127.0.0.1', '224.0.0.1'])(
    'refuses %s',
    (address) => expect(isPublicAddress(address)).toBe(false),
  )

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111'])('allows %s', (address) => expect(isPublicAddress(address)).toBe(true))

  it('finds private IP literals in URLs, numeric spellings included', () => {
    expect(privateLiteralHost('http://2130706433/hook')).toBe('127.0.0.1')
    expect(privateLiteralHost('http://0x7f.1/hook')).toBe('127.0.0.1')
    expect(privateLiteralHost('http://[::1]:8080/hook')).toBe('::1')
    expect(privateLiteralHost('https://crm.example.com/hook')).toBeNull()
    expect(privateLiteralHost('https://8.8.8.8/hook')).toBeNull()
  })
})
