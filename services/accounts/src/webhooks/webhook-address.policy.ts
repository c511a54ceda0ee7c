import { isIP } from 'node:net';

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

interface Ipv4Range {
  base: number;
  prefixBits: number;
  kind: PrivateAddressKind;
}

/** IPv4 ranges refused, with their CIDR in the comment. */
const IPV4_REFUSED: readonly Ipv4Range[] = [
  { base: ipv4('0.0.0.0'), prefixBits: 8, kind: 'unspecified' }, // 0.0.0.0/8: "this network"
  { base: ipv4('10.0.0.0'), prefixBits: 8, kind: 'private' }, // 10/8
  { base: ipv4('100.64.0.0'), prefixBits: 10, kind: 'shared (CGNAT)' }, // 100.64/10
  { base: ipv4('127.0.0.0'), prefixBits: 8, kind: 'loopback' }, // 127/8
  { base: ipv4('169.254.0.0'), prefixBits: 16, kind: 'link-local' }, // 169.254/16, cloud metadata
  { base: ipv4('172.16.0.0'), prefixBits: 12, kind: 'private' }, // 172.16/12
  { base: ipv4('192.168.0.0'), prefixBits: 16, kind: 'private' }, // 192.168/16
  { base: ipv4('224.0.0.0'), prefixBits: 4, kind: 'multicast' }, // 224/4
  { base: ipv4('240.0.0.0'), prefixBits: 4, kind: 'reserved' }, // 240/4, broadcast included
];

/** Host names that mean this machine or its local network whatever DNS says (RFC 6761, mDNS, cloud). */
const LOCAL_NAME_SUFFIXES = ['.localhost', '.local', '.internal', '.localdomain'];
const LOCAL_NAMES = new Set(['localhost', 'localhost.localdomain']);

/** The kind of a refused address, or null when it is public (or not an IP address at all). */
export function privateAddressKind(address: string): PrivateAddressKind | null {
  // A zone (fe80::1%eth0) only says which interface; the address before it decides.
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const version = isIP(bare);
  if (version === 4) return ipv4Kind(ipv4(bare));
  if (version === 6) return ipv6Kind(ipv6Hextets(bare));
  return null;
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

function ipv4Kind(value: number): PrivateAddressKind | null {
  for (const range of IPV4_REFUSED) {
    const mask = range.prefixBits === 0 ? 0 : (~0 << (32 - range.prefixBits)) >>> 0;
    if ((value & mask) >>> 0 === range.base) return range.kind;
  }
  return null;
}

function ipv6Kind(h: readonly number[]): PrivateAddressKind | null {
  const zerosBefore = (count: number) => h.slice(0, count).every((hextet) => hextet === 0);
  if (zerosBefore(8)) return 'unspecified'; // ::
  if (zerosBefore(7) && h[7] === 1) return 'loopback'; // ::1
  // IPv4 inside IPv6 reaches the IPv4 address: mapped ::ffff:0:0/96, NAT64 64:ff9b::/96, compatible ::/96.
  const embedded = ((h[6]! << 16) | h[7]!) >>> 0;
  if (zerosBefore(5) && h[5] === 0xffff) return ipv4Kind(embedded);
  if (h[0] === 0x64 && h[1] === 0xff9b && h.slice(2, 6).every((hextet) => hextet === 0)) {
    return ipv4Kind(embedded);
  }
  if (zerosBefore(6)) return ipv4Kind(embedded);
  const first = h[0]!;
  if ((first & 0xfe00) === 0xfc00) return 'unique-local'; // fc00::/7
  if ((first & 0xffc0) === 0xfe80) return 'link-local'; // fe80::/10
  if ((first & 0xffc0) === 0xfec0) return 'private'; // fec0::/10, the deprecated site-local
  if ((first & 0xff00) === 0xff00) return 'multicast'; // ff00::/8
  return null;
}

/** A dotted IPv4 address as an unsigned 32-bit number (the caller checked it with isIP). */
function ipv4(address: string): number {
  return address.split('.').reduce((value, part) => ((value << 8) | Number(part)) >>> 0, 0);
}

/** An IPv6 address (checked with isIP) as its 8 hextets, "::" expanded and a dotted IPv4 tail converted. */
function ipv6Hextets(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted !== null) {
    const value = ipv4(dotted[1]!);
    text = `${text.slice(0, dotted.index)}${(value >>> 16).toString(16)}:${(value & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (part: string | undefined) =>
    part === undefined || part === '' ? [] : part.split(':').map((hextet) => parseInt(hextet, 16));
  const left = parse(head);
  if (tail === undefined) return left;
  const right = parse(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}
