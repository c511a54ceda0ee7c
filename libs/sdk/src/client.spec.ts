import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TicketonomicsClient } from './client';

type Handler = (request: IncomingMessage, response: ServerResponse, attempt: number) => void;

/** A stand-in for the gateway: answers each request with the handler, counting attempts. */
async function fakeGateway(handler: Handler) {
  const seen: { method: string; url: string; idempotencyKey: string | undefined; at: number }[] = [];
  const server: Server = createServer((request, response) => {
    seen.push({
      method: request.method!,
      url: request.url!,
      idempotencyKey: request.headers['idempotency-key'] as string | undefined,
      at: Date.now(),
    });
    request.resume();
    request.on('end', () => handler(request, response, seen.length));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { baseUrl, seen, close: () => new Promise((resolve) => server.close(resolve)) };
}

const json = (
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) => {
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
};
const apiError = (code: string, details: Record<string, unknown> = {}) => ({
  error: { code, message: `${code} here`, details },
});
const TRANSFER = { transfer: { id: 't1', amount: 5 }, tax: null };
const PAY = { from: 'ann', to: 'bob', amount: 5 };

describe('TicketonomicsClient', () => {
  let gateway: Awaited<ReturnType<typeof fakeGateway>> | null = null;
  afterEach(async () => {
    await gateway?.close();
    gateway = null;
  });
  const client = (options: Partial<ConstructorParameters<typeof TicketonomicsClient>[0]> = {}) =>
    new TicketonomicsClient({
      baseUrl: gateway!.baseUrl,
      apiKey: 'tk_test',
      communityId: 'town',
      retry: { baseDelayMs: 5, maxDelayMs: 20 },
      ...options,
    });

  it('waits what a 429 asks and retries a payment with the same Idempotency-Key', async () => {
    gateway = await fakeGateway((_request, response, attempt) =>
      attempt === 1
        ? json(response, 429, apiError('RATE_LIMITED'), { 'Retry-After': '1' })
        : json(response, 201, TRANSFER, { 'Idempotent-Replayed': 'false' }),
    );
    const paid = await client().pay(PAY);
    expect(paid).toMatchObject({ status: 201, attempts: 2, replayed: false, data: TRANSFER });
    const [first, second] = gateway.seen;
    expect(first).toMatchObject({ method: 'POST', url: '/v1/communities/town/transfers' });
    expect(first!.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(second!.idempotencyKey).toBe(first!.idempotencyKey);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1_000);
  });

  it('refuses at once a wait longer than it may take, saying how long', async () => {
    gateway = await fakeGateway((_request, response) =>
      json(response, 429, apiError('RATE_LIMITED', { limit: 1 }), { 'Retry-After': '40' }),
    );
    const error = await client()
      .getKey()
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      name: 'TicketonomicsError',
      code: 'RATE_LIMITED',
      status: 429,
      retryAfterSeconds: 40,
      details: { limit: 1 },
      attempts: 1,
    });
  });

  it('waits for the reset of a used-up window before sending the next call', async () => {
    gateway = await fakeGateway((_request, response) =>
      json(response, 200, { ok: true }, { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '1' }),
    );
    const tickets = client();
    await tickets.getKey();
    await tickets.getKey();
    expect(gateway.seen[1]!.at - gateway.seen[0]!.at).toBeGreaterThanOrEqual(1_000);
  });

  it('retries reads after a cut connection, bounded, and never repeats a write the API does not make idempotent', async () => {
    gateway = await fakeGateway((request, response, attempt) => {
      if (request.method === 'GET' && attempt === 1) request.socket.destroy();
      else json(response, 503, apiError('UNAVAILABLE'), { 'Retry-After': '0' });
    });
    const error = await client({ retry: { attemptsMax: 3, baseDelayMs: 5 } })
      .getKey()
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', status: 503, attempts: 3 });
    expect(gateway.seen).toHaveLength(3);
    const webhook = await client()
      .call('createWebhook', { body: { url: 'https://example.org/hook', eventTypes: [] } as never })
      .catch((caught: unknown) => caught);
    expect(webhook).toMatchObject({ code: 'UNAVAILABLE', attempts: 1 });
    expect(gateway.seen.at(-1)!.idempotencyKey).toBeUndefined();
  });

  it('gives up on a silent gateway with TIMEOUT after its attempts', async () => {
    gateway = await fakeGateway(() => undefined);
    const error = await client({ timeoutMs: 100, retry: { attemptsMax: 2, baseDelayMs: 5 } })
      .pay(PAY, { idempotencyKey: 'order-7' })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'TIMEOUT', status: null, attempts: 2 });
    expect(gateway.seen.map((attempt) => attempt.idempotencyKey)).toEqual(['order-7', 'order-7']);
  });
});
