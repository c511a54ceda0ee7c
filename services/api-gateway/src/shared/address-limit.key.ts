import { BlockList, isIP, SocketAddress } from 'node:net';

/** IPv4-mapped IPv6 addresses (::ffff:a.b.c.d): an IPv4 client on a dual-stack socket. */
const IPV4_MAPPED = new BlockList();
IPV4_MAPPED.addSubnet('::ffff:0:0', 96, 'ipv6');

/**
 * The key every per-address limit counts against: an IPv4 address as itself (also when written
 * IPv4-mapped, ::ffff:a.b.c.d or ::ffff:a0b:c0d), and an IPv6 address by its /64 network, since one host
 * usually holds a whole /64 and could otherwise step through it to get a fresh budget per address. Brackets
 * and a zone (fe80::1%eth0) are spelling, not another address. Anything unreadable counts as itself.
 */
export function addressLimitKey(address: string): string {
  const bare = address.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const version = isIP(bare);
  if (version === 0) return address;
  // Node writes an address canonically (RFC 5952: lower case, no leading zeros, the longest zero run as ::,
  // an IPv4-mapped one as ::ffff:a.b.c.d), so each address has one spelling from here on.
  const canonical = new SocketAddress({ address: bare, family: version === 4 ? 'ipv4' : 'ipv6' }).address;
  if (version === 4) return canonical;
  if (IPV4_MAPPED.check(canonical, 'ipv6')) return canonical.slice(canonical.lastIndexOf(':') + 1);
  return `${leadingGroups(canonical, 4).join(':')}::/64`;
}

/**
 * The first `count` 16-bit groups of a canonical IPv6 address (as SocketAddress writes it), "::" expanded.
 * Node can check an address against a network (BlockList) but not answer its network, which the key is.
 */
function leadingGroups(canonical: string, count: number): string[] {
  const [head = '', tail] = canonical.split('::');
  const split = (part: string) => (part === '' ? [] : part.split(':'));
  const groups = split(head);
  if (tail !== undefined) {
    // A dotted IPv4 tail (::a.b.c.d) fills two groups.
    const tailGroups = split(tail).reduce((sum, group) => sum + (group.includes('.') ? 2 : 1), 0);
    groups.push(...Array<string>(8 - groups.length - tailGroups).fill('0'), ...split(tail));
  }
  return groups.slice(0, count);
}
