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
