// The bench's HTTP side: keep-alive requests through one agent per phase (as a game server would hold a
// pool of connections), answering status and body without parsing it.
import { Agent, request as httpRequest } from 'node:http';

/** Sockets per agent at most beyond the loops' own count (a socket closing while its loop sends again). */
const SOCKET_SLACK = 8;

/** An agent whose sockets the `concurrency` loops of a phase keep open for the whole phase. */
export function makeAgent(concurrency) {
  return new Agent({
    keepAlive: true,
    maxSockets: concurrency + SOCKET_SLACK,
    maxFreeSockets: concurrency + SOCKET_SLACK,
  });
}

/** One request; resolves { status, text } or rejects on a socket error or after timeoutMs. */
export function send({ url, method = 'GET', headers = {}, body, agent, timeoutMs }) {
  return new Promise((resolve, reject) => {
    const bytes = body === undefined ? undefined : Buffer.from(body);
    const req = httpRequest(
      url,
      {
        method,
        agent,
        headers:
          bytes === undefined
            ? headers
            : { ...headers, 'Content-Type': 'application/json', 'Content-Length': bytes.length },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', reject);
    req.end(bytes);
  });
}

/** The error code of a non-2xx answer ({"error":{"code":...}}), or HTTP_<status> when it has none. */
export function errorCodeOf(reply) {
  const match = /"code":"([A-Z_]+)"/.exec(reply.text);
  return match ? `HTTP_${reply.status}_${match[1]}` : `HTTP_${reply.status}`;
}

/** A distinct client address per index (10.x.y.z), sent as X-Forwarded-For to a gateway trusting one hop. */
export function fakeAddress(index) {
  const n = (index % 16_000_000) + 1;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}
