import { BlockList, isIP } from 'node:net';

/**
 * Which addresses a webhook may not reach: anything that is not the public internet. A community admin
 * chooses the URL, so without this check a delivery could POST to the cloud metadata endpoint, to the
 * NATS monitor or to any service beside accounts on its private network (SSRF).
 */

/** Why an address is refused; null: a public address. */
export type PrivateAddressKind =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'shared (CGNAT)'
  | 'multicast'
  | 'reserved'
  | 'unique-local';

/** An address range refused, as a CIDR. */
type Range = readonly [address: string, prefixBits: number, kind: PrivateAddressKind];

/**
 * IPv4 ranges refused. Each also refuses its IPv4 address written inside IPv6, which reaches it too:
 * IPv4-mapped ::ffff:0:0/96 (BlockList's IPv4 rules cover it), NAT64 64:ff9b::/96 and IPv4-compatible ::/96.
 */
const IPV4_REFUSED: readonly Range[] = [
  ['0.0.0.0', 8, 'unspecified'], // "this network"
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared (CGNAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'], // cloud metadata (169.254.169.254) included
  ['172.16.0.0', 12, 'private'],
  ['192.168.0.0', 16, 'private'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'], // broadcast included
];

const IPV6_REFUSED: readonly Range[] = [
  ['fc00::', 7, 'unique-local'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'private'], // the deprecated site-local
  ['ff00::', 8, 'multicast'],
];

function ruleOf(kind: PrivateAddressKind, add: (list: BlockList) => void) {
  const list = new BlockList();
  add(list);
  return { kind, list };
}

/**
 * The refused ranges in the order they are asked: the first that holds an address names its kind. :: and
 * ::1 come first, before ::/96 (IPv4-compatible) would call them "this network".
 */
const RULES = [
  ruleOf('unspecified', (list) => list.addAddress('::', 'ipv6')),
  ruleOf('loopback', (list) => list.addAddress('::1', 'ipv6')),
  ...IPV4_REFUSED.map(([base, prefixBits, kind]) =>
    ruleOf(kind, (list) => {
      list.addSubnet(base, prefixBits, 'ipv4');
      list.addSubnet(`64:ff9b::${base}`, 96 + prefixBits, 'ipv6');
      list.addSubnet(`::${base}`, 96 + prefixBits, 'ipv6');
    }),
  ),
  ...IPV6_REFUSED.map(([base, prefixBits, kind]) =>
    ruleOf(kind, (list) => list.addSubnet(base, prefixBits, 'ipv6')),
  ),
];

/** Host names that mean this machine or its local network whatever DNS says (RFC 6761, mDNS, cloud). */
const LOCAL_NAME_SUFFIXES = ['.localhost', '.local', '.internal', '.localdomain'];
const LOCAL_NAMES = new Set(['localhost', 'localhost.localdomain']);

/** The kind of a refused address, or null when it is public (or not an IP address at all). */
export function privateAddressKind(address: string): PrivateAddressKind | null {
  // A zone (fe80::1%eth0) only says which interface; the address before it decides.
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const version = isIP(bare);
  if (version === 0) return null;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  return RULES.find((rule) => rule.list.check(bare, family))?.kind ?? null;
}

/**
 * Why a URL's host may not be registered: an IP literal in a refused range, or a local name such as
 * localhost. null: it may be (a name is checked again, resolved, at each delivery).
 */
export function refusedHostReason(hostname: string): string | null {
  // URL keeps IPv6 literals in brackets and a trailing dot ("localhost.") as typed.
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (isIP(host) !== 0) {
    const kind = privateAddressKind(host);
    return kind === null ? null : `${host} is a ${kind} address`;
  }
  if (LOCAL_NAMES.has(host) || LOCAL_NAME_SUFFIXES.some((suffix) => host.endsWith(suffix))) {
    return `${host} names a local host`;
  }
  // A name without a dot is found through the local search domains: another container, not the internet.
  if (!host.includes('.')) return `${host} is not a public host name (it has no dot)`;
  return null;
}
