import type { IncomingMessage } from 'node:http';

/** Header names are case-insensitive; Node lower-cases them. */
const BEARER = /^Bearer[ ]+(\S+)\s*$/i;

/**
 * The API key a request presents: `Authorization: Bearer tk_...`, or `X-Api-Key: tk_...`, or (only where
 * the caller allows it: WebSocket upgrades, since browsers cannot set headers there) the `key` query
 * parameter. undefined when none is given.
 */
export function extractApiKey(request: IncomingMessage, url: URL, allowQuery: boolean): string | undefined {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = BEARER.exec(authorization);
    // A malformed Authorization header is a key that does not verify, not a missing one.
    return match === null ? authorization : match[1];
  }
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header !== '') return header;
  if (Array.isArray(header)) return header.join(',');
  if (allowQuery) {
    const fromQuery = url.searchParams.get('key');
    if (fromQuery !== null && fromQuery !== '') return fromQuery;
  }
  return undefined;
}
