import { CallhookError } from '../errors.js'
import type { Logger } from '../options.js'
import { PortalLinks, type PortalLink, type PortalLinkOptions } from './portal-links.js'

/** `hooks.portal`: portal links for customers who have no login in the host app. */
export interface PortalService {
  /**
   * A signed, expiring URL (`{baseUrl}/portal?token=…`) that opens the portal scoped to one
   * account, read-only (`capabilities: 'read'`, the default) or with `manage`.
   */
  link(options: PortalLinkOptions): PortalLink
}

let warnedRandomKey = false

/** The link signer of an instance (null when the portal is off), and `hooks.portal`. */
export function createPortal(option: false | { linkSecret?: string | Buffer } | undefined, logger: Logger): { links: PortalLinks | null; service: PortalService } {
  if (option === false) {
    return {
      links: null,
      service: {
        link() {
          throw new CallhookError('misconfigured', 'callhook: the portal is turned off (portal: false), so portal links cannot open it')
        },
      },
    }
  }
  const secret = option?.linkSecret
  const links = new PortalLinks(secret === undefined ? PortalLinks.randomKey() : Buffer.from(secret))
  return {
    links,
    service: {
      link(options) {
        if (secret === undefined && !warnedRandomKey) {
          warnedRandomKey = true
          logger.warn('callhook: portal links are signed with a random key made at start-up (no portal.linkSecret option): they stop working on restart and in other processes. Set portal: { linkSecret } (32+ random bytes, the same everywhere).')
        }
        return links.link(options)
      },
    },
  }
}
