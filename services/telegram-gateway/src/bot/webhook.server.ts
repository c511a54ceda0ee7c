import { createHash, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Update } from 'telegraf/types';
import { z } from 'zod';

/** Telegram's updates are a few kB; anything far larger is not from Telegram. */
const WEBHOOK_BODY_MAX_BYTES = 1024 * 1024;
/** How long close() lets updates being handled finish before it cuts their connections. */
const WEBHOOK_CLOSE_TIMEOUT_MS = 5_000;
const SECRET_TOKEN_HEADER = 'x-telegram-bot-api-secret-token';

/** Only what the server itself relies on; telegraf reads the rest of the update. */
const UpdateSchema = z.looseObject({ update_id: z.number().int().nonnegative() });

export interface WebhookServerOptions {
  /** The path (and query) of the webhook URL, as the proxy in front forwards it. */
  path: string;
  secretToken: string;
  host: string;
  port: number;
  /** Resolves once the update is handled; Telegram gets its 200 only then, and retries after a 500. */
  handleUpdate: (update: Update) => Promise<void>;
  logger: Logger;
}

/**
 * The HTTP server Telegram posts updates to. Only a POST to the webhook path that carries the secret token gets
 * its update handled: anything else is refused before the body is read, so a forged update has no effect.
 */
export class WebhookServer {
  private readonly server: Server;
  private readonly secretDigest: Buffer;
  /** Requests answered since start, by HTTP status: how a load balancer spreads updates, and what it refused. */
  private readonly answered = new Map<number, number>();
  private closing: Promise<void> | undefined;

  constructor(private readonly options: WebhookServerOptions) {
    this.secretDigest = digest(options.secretToken);
    this.server = createServer((request, response) => void this.handle(request, response));
  }

  get answeredByStatus(): ReadonlyMap<number, number> {
    return this.answered;
  }

  /** Resolves with the port once listening; rejects (say, the port is taken) instead of failing later. */
  async listen(): Promise<number> {
    this.server.listen({ port: this.options.port, host: this.options.host });
    await once(this.server, 'listening');
    return (this.server.address() as AddressInfo).port;
  }

  /**
   * Stops taking updates and resolves once those being handled are answered (at most WEBHOOK_CLOSE_TIMEOUT_MS,
   * then their connections are cut). Safe to call more than once.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const closed = new Promise<void>((resolveClose) => this.server.close(() => resolveClose()));
      this.server.closeIdleConnections();
      const deadline = setTimeout(() => this.server.closeAllConnections(), WEBHOOK_CLOSE_TIMEOUT_MS);
      await closed;
      clearTimeout(deadline);
    })();
    return this.closing;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { logger } = this.options;
    if (this.closing !== undefined) {
      // Telegram keeps the update and tries again, by then at a running replica or at this one restarted.
      this.answer(response, 503, true);
      return;
    }
    if (request.method !== 'POST') {
      this.answer(response, 405);
      return;
    }
    if (request.url !== this.options.path) {
      this.answer(response, 404);
      return;
    }
    if (!this.hasSecret(request.headers[SECRET_TOKEN_HEADER])) {
      logger.warn(
        { remoteAddress: request.socket.remoteAddress },
        'webhook call without the secret token refused',
      );
      this.answer(response, 403);
      return;
    }
    let update: Update;
    try {
      update = UpdateSchema.parse(JSON.parse(await readBody(request))) as unknown as Update;
    } catch (error) {
      const tooLarge = error instanceof BodyTooLargeError;
      logger.warn({ err: error }, tooLarge ? 'webhook body too large' : 'webhook body is not an update');
      this.answer(response, tooLarge ? 413 : 400);
      return;
    }
    try {
      await this.options.handleUpdate(update);
      this.answer(response, 200, this.closing !== undefined);
    } catch (error) {
      // Handlers are idempotent (ids derive from the update), so Telegram's retry after a 500 is safe.
      logger.error({ err: error, updateId: update.update_id }, 'webhook update failed');
      this.answer(response, 500, this.closing !== undefined);
    }
  }

  private answer(response: ServerResponse, status: number, closeConnection = false): void {
    this.answered.set(status, (this.answered.get(status) ?? 0) + 1);
    answer(response, status, closeConnection);
  }

  /** Compared as digests of equal length, in constant time, so timing tells nothing about the secret. */
  private hasSecret(presented: string | string[] | undefined): boolean {
    return typeof presented === 'string' && timingSafeEqual(digest(presented), this.secretDigest);
  }
}

class BodyTooLargeError extends Error {}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** `closeConnection` while shutting down, so a keep-alive connection does not hold the server open. */
function answer(response: ServerResponse, status: number, closeConnection = false): void {
  response.writeHead(status, closeConnection ? { connection: 'close' } : {});
  response.end();
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let sizeBytes = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    sizeBytes += chunk.length;
    // Past the limit the rest is read and dropped, so the 413 reaches the sender instead of a reset.
    if (sizeBytes <= WEBHOOK_BODY_MAX_BYTES) chunks.push(chunk);
  }
  if (sizeBytes > WEBHOOK_BODY_MAX_BYTES) throw new BodyTooLargeError(`over ${WEBHOOK_BODY_MAX_BYTES} bytes`);
  return Buffer.concat(chunks).toString('utf8');
}
