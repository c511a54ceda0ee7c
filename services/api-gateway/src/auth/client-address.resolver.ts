import type { IncomingMessage } from 'node:http';

/** Longest address kept as a counter key: a forged X-Forwarded-For entry cannot make keys grow. */
const ADDRESS_LENGTH_MAX = 64;

/**
 * The client's address, as Express's `trust proxy` with a hop count decides it: the TCP peer, then the
 * X-Forwarded-For entries from the right, each trusted proxy vouching for the next one. With 0 hops the
 * peer is the client whatever the header says. Done here rather than read from Express's `req.ip`
 * because WebSocket upgrades never pass through Express.
 */
export function clientAddress(request: IncomingMessage, trustProxyHops: number): string {
  const peer = request.socket?.remoteAddress ?? 'unknown';
  if (trustProxyHops === 0) return peer;
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const nearestFirst = [peer, ...forwarded.reverse()];
  return nearestFirst[Math.min(trustProxyHops, nearestFirst.length - 1)]!.slice(0, ADDRESS_LENGTH_MAX);
}

/**
 * What failures are counted against: an IPv4 address (also when IPv4-mapped), or the /64 network of an
 * IPv6 address, since one host usually holds a whole /64 and could otherwise step through it. Anything
 * unreadable counts as itself.
 */
export function addressGroup(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped !== null) return mapped[1]!;
  if (!address.includes(':')) return address;
  const groups = expandIpv6(address.split('%', 1)[0]!);
  return groups === null ? address : `${groups.slice(0, 4).join(':')}::/64`;
}

/** The eight groups of an IPv6 address (lower case, no leading zeros); null when it is not one. */
function expandIpv6(address: string): string[] | null {
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] === '' ? [] : halves[0]!.split(':');
  const tail = halves.length === 1 || halves[1] === '' ? [] : halves[1]!.split(':');
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(missing).fill('0'), ...tail];
  if (!groups.every((group) => /^[0-9a-f]{1,4}$/i.test(group))) return null;
  return groups.map((group) => parseInt(group, 16).toString(16));
}
