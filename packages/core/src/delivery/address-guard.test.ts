import { describe, expect, it } from 'vitest'
import { AddressPolicy, isPublicAddress } from './address-guard.js'

describe('address guard', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fd00:ec2::254', 'fe80::1', '::ffff:127.0.0.1', '224.0.0.1'])(
    'refuses %s',
    (address) => expect(isPublicAddress(address)).toBe(false),
  )

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111'])('allows %s', (address) => expect(isPublicAddress(address)).toBe(true))

  it('finds private IP literals in URLs, numeric spellings included', () => {
    const policy = new AddressPolicy(false)
    expect(policy.refusedLiteral('http://2130706433/hook')).toBe('127.0.0.1')
    expect(policy.refusedLiteral('http://0x7f.1/hook')).toBe('127.0.0.1')
    expect(policy.refusedLiteral('http://[::1]:8080/hook')).toBe('::1')
    expect(policy.refusedLiteral('http://[::ffff:169.254.169.254]/latest')).toBe('::ffff:a9fe:a9fe')
    expect(policy.refusedLiteral('http://0.0.0.0/hook')).toBe('0.0.0.0')
    expect(policy.refusedLiteral('https://crm.example.com/hook')).toBeNull()
    expect(policy.refusedLiteral('https://8.8.8.8/hook')).toBeNull()
  })

  it('allows listed CIDRs, and everything with allowPrivateNetworks', () => {
    const policy = new AddressPolicy(false, ['10.20.0.0/16', 'fd00:1::/64'])
    expect(policy.allows('10.20.3.4')).toBe(true)
    expect(policy.allows('::ffff:10.20.3.4')).toBe(true)
    expect(policy.allows('10.21.0.1')).toBe(false)
    expect(policy.allows('fd00:1::7')).toBe(true)
    expect(policy.allows('127.0.0.1')).toBe(false)
    expect(new AddressPolicy(true).allows('127.0.0.1')).toBe(true)
  })
})
