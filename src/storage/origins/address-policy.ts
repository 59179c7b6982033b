import { BlockList, isIP } from 'node:net';

/** Which resolved addresses an origin may be reached at. */
export interface AddressPolicy {
  /** True when a connection to this literal address is allowed. */
  allows(address: string): boolean;
}

/**
 * Addresses that reach the server itself or its private network (SSRF): loopback, RFC 1918, carrier-grade
 * NAT, link-local (cloud metadata at 169.254.169.254), unique-local, unspecified, multicast and reserved ranges.
 */
const REFUSED_V4: ReadonlyArray<readonly [string, number]> = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
];
const REFUSED_V6: ReadonlyArray<readonly [string, number]> = [
  ['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96], ['2001:db8::', 32],
];

/** `::ffff:127.0.0.1` is 127.0.0.1 to the kernel: judge an IPv4-mapped address as the IPv4 one. */
function unmapped(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1] !== undefined) return { address: mapped[1], family: 'ipv4' };
  return { address, family: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

function addRange(list: BlockList, cidr: string): void {
  const [base = '', bits] = cidr.split('/');
  const family = isIP(base) === 6 ? 'ipv6' : 'ipv4';
  const prefix = bits === undefined ? (family === 'ipv6' ? 128 : 32) : Number(bits);
  list.addSubnet(base, prefix, family);
}

/**
 * The policy of `SOURCES_ALLOW_PRIVATE`: every public address, and the refused ranges only where an
 * allowed CIDR covers them. Anything that is not an IP literal is refused (the caller resolves first).
 */
export function createAddressPolicy(allowPrivate: readonly string[]): AddressPolicy {
  const refused = new BlockList();
  for (const [base, prefix] of REFUSED_V4) refused.addSubnet(base, prefix, 'ipv4');
  for (const [base, prefix] of REFUSED_V6) refused.addSubnet(base, prefix, 'ipv6');
  const allowed = new BlockList();
  for (const cidr of allowPrivate) addRange(allowed, cidr);
  return {
    allows(raw) {
      if (isIP(raw) === 0) return false;
      const { address, family } = unmapped(raw);
      return !refused.check(address, family) || allowed.check(address, family);
    },
  };
}
