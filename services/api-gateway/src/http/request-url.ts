import type { IncomingMessage, RequestListener, Server } from 'node:http';

/** Stands in for the host: only the path and query of a request matter here. */
const BASE_URL = 'http://gateway.invalid';

const NOT_A_URL_BODY = JSON.stringify({
  error: {
    code: 'VALIDATION_FAILED',
    message: 'the request target is not a URL; send a path such as /v1/key',
    details: { field: 'url' },
  },
});

/**
 * The URL a request asks for, or null when its target is not one (a client may send anything, such as
 * `http://[::1/...`). Checked before parsing, since the error `new URL` throws carries the whole target,
 * and a target may hold an API key (`?key=` on an event stream) that must never reach a log line.
 */
export function requestUrl(request: IncomingMessage): URL | null {
  const target = request.url ?? '/';
  return URL.canParse(target, BASE_URL) ? new URL(target, BASE_URL) : null;
}

/**
 * Answer 400 to a request whose target is not a URL before the framework sees it: Express parses every
 * target with the legacy url.parse, which prints such a target, key and all, in a warning on stderr.
 * Wraps the server's request listeners, so it must run after the framework has added its own.
 */
export function refuseUnparsableTargets(server: Server): void {
  const listeners = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (request, response) => {
    if (requestUrl(request) === null) {
      response.writeHead(400, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(NOT_A_URL_BODY),
        Connection: 'close',
      });
      response.end(NOT_A_URL_BODY);
      return;
    }
    for (const listener of listeners) listener.call(server, request, response);
  });
}
