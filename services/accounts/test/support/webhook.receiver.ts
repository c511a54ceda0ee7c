import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  at: number;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as received: what the signature covers. */
  body: string;
}

/** A local HTTP receiver for webhook deliveries: records each request and answers with `status`. */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  status = 200;
  /** How long it takes to answer (a slow receiver). */
  delayMs = 0;
  /** Requests open at once, at most so far (a sender that gave up closes its request). */
  openMax = 0;
  private open = 0;
  private server: Server | null = null;
  port = 0;

  /** Listen on `port` (0: any free one) on 127.0.0.1. */
  async listen(port = 0): Promise<this> {
    const server = createServer((request, response) => {
      this.open += 1;
      this.openMax = Math.max(this.openMax, this.open);
      response.once('close', () => (this.open -= 1));
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.requests.push({
          at: Date.now(),
          method: request.method ?? '',
          path: request.url ?? '',
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        const answer = () => response.writeHead(this.status, { 'Content-Type': 'text/plain' }).end('ok');
        if (this.delayMs > 0) setTimeout(answer, this.delayMs).unref();
        else answer();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  url(path = '/hooks'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Stop listening and drop kept-alive connections, so the port refuses connections from now on. */
  async close(): Promise<void> {
    const server = this.server;
    if (server === null) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  eventIds(): string[] {
    return this.requests.map((request) => String(request.headers['webhook-id']));
  }
}
