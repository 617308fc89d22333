import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns'
import ipaddr from 'ipaddr.js'

type Address = ipaddr.IPv4 | ipaddr.IPv6

/** Parses an address, unwrapping IPv4-mapped IPv6 (`::ffff:127.0.0.1` is 127.0.0.1). */
function parse(address: string): Address | null {
  if (!ipaddr.isValid(address)) return null
  const parsed = ipaddr.parse(address)
  return parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress() ? (parsed as ipaddr.IPv6).toIPv4Address() : parsed
}

/**
 * True when an address is a public unicast one. Loopback, private, link-local (cloud metadata),
 * CGNAT, unique-local, unspecified, multicast, reserved and IPv4-mapped private addresses are not.
 */
export function isPublicAddress(address: string): boolean {
  return parse(address)?.range() === 'unicast'
}

/** The URL's host when it is an IP literal (however spelt: 2130706433, 0x7f.1, [::1]), else null. */
export function literalHost(url: string): string | null {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '')
  return ipaddr.isValid(host) ? host : null
}

export class PrivateAddressError extends Error {
  override readonly name = 'PrivateAddressError'
  readonly code = 'EPRIVATEADDRESS'
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void

/** Which destinations outgoing requests may reach. */
export class AddressPolicy {
  readonly allowAll: boolean
  readonly #allowed: Array<[Address, number]>

  /** @param allowedNetworks CIDRs allowed although not public (`10.20.0.0/16`); throws on a bad one. */
  constructor(allowPrivateNetworks: boolean, allowedNetworks: readonly string[] = []) {
    this.allowAll = allowPrivateNetworks
    this.#allowed = allowedNetworks.map((cidr) => {
      const [range, bits] = ipaddr.parseCIDR(cidr)
      return [range.kind() === 'ipv6' && (range as ipaddr.IPv6).isIPv4MappedAddress() ? (range as ipaddr.IPv6).toIPv4Address() : range, range.kind() === 'ipv6' && (range as ipaddr.IPv6).isIPv4MappedAddress() ? bits - 96 : bits]
    })
  }

  allows(address: string): boolean {
    if (this.allowAll) return true
    const parsed = parse(address)
    if (!parsed) return false
    if (parsed.range() === 'unicast') return true
    return this.#allowed.some(([range, bits]) => range.kind() === parsed.kind() && parsed.match(range, bits))
  }

  /** Why a URL's literal address is refused, or null (hostnames are checked when dialled). */
  refusedLiteral(url: string): string | null {
    if (this.allowAll) return null
    const host = literalHost(url)
    return host !== null && !this.allows(host) ? host : null
  }

  /**
   * A `dns.lookup` for net/tls connect that refuses hosts resolving to refused addresses. It runs
   * at connect time on the address actually dialled, so DNS rebinding cannot slip past a check
   * made earlier.
   */
  readonly lookup = (hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, [])
      const refused = addresses.find((a) => !this.allows(a.address))
      if (refused) {
        return callback(new PrivateAddressError(`${hostname} resolves to ${refused.address}, a private or reserved address; refused (see allowPrivateNetworks / allowedNetworks)`), [])
      }
      if ((options as LookupAllOptions).all) return callback(null, addresses)
      const first = addresses[0]!
      callback(null, first.address, first.family)
    })
  }
}
