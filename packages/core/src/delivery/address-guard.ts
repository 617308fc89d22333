import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns'
import ipaddr from 'ipaddr.js'

/**
 * True when an address is a public unicast one. Loopback, private, link-local (cloud metadata),
 * CGNAT, unique-local, unspecified, multicast, reserved and IPv4-mapped private addresses are not.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false
  let parsed = ipaddr.parse(address)
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address()
  return parsed.range() === 'unicast'
}

/** The URL's host when it is an IP literal that is not public, else null. */
export function privateLiteralHost(url: string): string | null {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '')
  return ipaddr.isValid(host) && !isPublicAddress(host) ? host : null
}

export class PrivateAddressError extends Error {
  override readonly name = 'PrivateAddressError'
  readonly code = 'EPRIVATEADDRESS'
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void

/**
 * A `dns.lookup` for net/tls connect that refuses hosts resolving to non-public addresses. It runs
 * at connect time on the address actually dialled, so DNS rebinding cannot slip past a check made
 * earlier.
 */
export function guardedLookup(hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, [])
    const refused = addresses.find((a) => !isPublicAddress(a.address))
    if (refused) {
      return callback(new PrivateAddressError(`${hostname} resolves to ${refused.address}, a private or reserved address; refused (allowPrivateNetworks is off)`), [])
    }
    if ((options as LookupAllOptions).all) return callback(null, addresses)
    const first = addresses[0]!
    callback(null, first.address, first.family)
  })
}
