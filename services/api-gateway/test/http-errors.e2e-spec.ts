/**
 * One error style on every path of the gateway: every route of the API table, the public JSON routes,
 * the dashboard's paths, the docs, health, unknown paths and wrong methods are walked with bad input, and
 * each answer must be `{"error":{"code","message","details"}}` with an HTTP code, the request's own field
 * names, the gateway's wording (no library defaults, no NATS subjects, no internal documents), and the
 * same rate-limit headers and details on every 429.
 */
import { AccountsCommands, API_KEY_SCOPES } from '@ticketonomics/contracts';
import { API_ROUTES } from '../src/http/api.routes';
import { HTTP_STATUS_BY_CODE, HttpErrorBodySchema } from '../src/http/http-error';
import type { AnyRoute } from '../src/http/route';
import { signSessionToken } from '../src/app-auth/session.token';
import { startApiHarness, type ApiHarness, type HttpReply } from './support/api.harness';

let h: ApiHarness;
let apiKey: string;
let slowKey: string;
/** A wallet session of walk's member, for the routes a member calls as themself. */
let session: string;
const SESSION_SECRET = 'http-errors-session-secret-0123456789abcdef';

/** What an error message must never hold: zod's defaults, bus subjects, internal documents and fields. */
const FOREIGN_WORDS =
  /Invalid input|Too big|Too small|expected (number|string)|received|tk\.(cmd|evt)\.|asyncapi|creditAccountId|debitAccountId|statusCode/;

function expectErrorShape(reply: HttpReply, status: number, what: string): void {
  const parsed = HttpErrorBodySchema.safeParse(reply.body);
  expect({ what, status: reply.status, shape: parsed.success ? 'ok' : reply.body }).toEqual({
    what,
    status,
    shape: 'ok',
  });
  if (!parsed.success) return;
  expect({ what, code: HTTP_STATUS_BY_CODE[parsed.data.error.code] }).toEqual({ what, code: status });
  expect({ what, message: parsed.data.error.message }).not.toEqual({
    what,
    message: expect.stringMatching(FOREIGN_WORDS),
  });
  expect(reply.headers.get('content-type')).toContain('application/json');
}

function expectRateLimited(reply: HttpReply, what: string): void {
  expectErrorShape(reply, 429, what);
  for (const header of ['retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']) {
    expect({ what, header, present: reply.headers.get(header) !== null }).toEqual({
      what,
      header,
      present: true,
    });
  }
  expect(Object.keys(reply.body.error.details).sort()).toEqual([
    'limit',
    'reason',
    'retryAfterSeconds',
    'windowSeconds',
  ]);
}

/** A concrete path of a route, every parameter a plausible value. */
function pathOf(route: AnyRoute, communityId = 'walk'): string {
  return route.path
    .replace(':communityId', communityId)
    .replace(/:(typeId|shopItemId|listingId|editionId|tradeId|proposalId|poolId)/g, '1')
    .replace(/:(memberId|webhookId)/g, '01KB2Y6ZJ8ZQ0V7M3N4P5Q6R7S')
    .replace(/:[A-Za-z]+/g, 'someone');
}

function fieldsOf(schema: unknown): string[] {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape === undefined ? [] : Object.keys(shape);
}

beforeAll(async () => {
  // Every route is asked once without a key: more failed authentications than one address may make.
  h = await startApiHarness({
    env: {
      AUTH_FAILURES_PER_MINUTE_MAX: '1000',
      TELEGRAM_BOT_TOKEN: '7012345678:AAHk2x9Qm3VbT8pLr5Nc0WjZyE4uFsD1gOi',
      APP_SESSION_SECRET: SESSION_SECRET,
    },
  });
  const { ann } = await h.community('walk', ['ann']);
  const hourMs = 3_600_000;
  session = signSessionToken(
    {
      sid: 'http-errors-walk-ann',
      uid: ann!.userId,
      tg: '5012345678',
      exp: Date.now() + hourMs,
      max: Date.now() + hourMs,
    },
    SESSION_SECRET,
  );
  await h.community('elsewhere', ['eve']);
  await h.client.request(AccountsCommands.settingsSet, { communityId: 'walk', dashboard: { public: true } });
  apiKey = (await h.createKey('walk', [...API_KEY_SCOPES])).key;
  slowKey = (await h.createKey('walk', ['read'], 1)).key;
}, 90_000);

afterAll(async () => {
  await h?.close();
});

describe('every route of the API with bad input', () => {
  it.each(API_ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s',
    async (_name, route) => {
      const path = pathOf(route);
      const body = route.body === undefined ? undefined : {};
      // A sign-in takes no key: its empty body is bad input. A member's route takes a session, not a key.
      const withoutKey = route.auth === 'sign-in' ? 400 : 401;
      expectErrorShape(
        await h.request(route.method, path, { body }),
        withoutKey,
        `${route.path} without a key`,
      );
      const key = route.auth === 'session' ? session : apiKey;
      if (route.path.includes(':communityId')) {
        const foreign = await h.request(route.method, pathOf(route, 'elsewhere'), { key, body });
        expectErrorShape(foreign, 403, `${route.path} of another community`);
        expect(foreign.body.error.details).toMatchObject({ field: 'communityId', in: 'path' });
      }
      const other = ['GET', 'POST', 'DELETE'].find(
        (method) => !API_ROUTES.some((r) => r.path === route.path && r.method === method),
      );
      if (other !== undefined) {
        const wrong = await h.request(other, path, { key });
        expectErrorShape(wrong, 405, `${other} ${route.path}`);
        expect(wrong.headers.get('allow')).toContain(route.method);
      }
      const headers = route.idempotent === true ? { 'Idempotency-Key': 'walk-1' } : undefined;
      if (route.query !== undefined) {
        const reply = await h.request(route.method, `${path}?colour=red`, { key, body, headers });
        expectErrorShape(reply, 400, `${route.path}?colour`);
        expect(reply.body.error.details.in).toBe('query');
        expect(reply.body.error.details.issues.map((issue: { field: string }) => issue.field)).toContain(
          'colour',
        );
      }
      if (route.body !== undefined) {
        const reply = await h.request(route.method, path, { key, body: { colour: 'red' }, headers });
        expectErrorShape(reply, 400, `${route.path} with a bad body`);
        expect(reply.body.error.details.in).toBe('body');
      }
      const own = fieldsOf(route.params).filter((name) => name !== 'communityId');
      if (own.length > 0) {
        const bad = route.path.replace(':communityId', 'walk').replace(/:[A-Za-z]+/g, 'x'.repeat(300));
        const reply = await h.request(route.method, bad, { key, body, headers });
        expectErrorShape(reply, 400, `${route.path} with a bad path parameter`);
        expect(reply.body.error.details).toMatchObject({ in: 'path' });
        expect(own).toContain(reply.body.error.details.field);
      }
    },
  );

  it('answers a wrong type and a number out of range in its own words', async () => {
    const typed = await h.request('GET', '/v1/communities/walk/transfers?limit=ten', { key: apiKey });
    expectErrorShape(typed, 400, 'limit=ten');
    expect(typed.body.error.message).toBe('limit: must be a whole number');
    const big = await h.request('GET', '/v1/communities/walk/transfers?limit=999', { key: apiKey });
    expect(big.body.error.message).toBe('limit: must be at most 200');
    const unknown = await h.request('POST', '/v1/communities/walk/transfers', {
      key: apiKey,
      body: { from: 'a', to: 'b', amount: 1, fee: 2 },
      headers: { 'Idempotency-Key': 'walk-fee' },
    });
    expect(unknown.body.error.message).toMatch(/^fee: unknown field; remove it \(.*\/docs\)$/);
  });

  it('answers a key past its rate limit with the same headers and details as every 429', async () => {
    await h.request('GET', '/v1/key', { key: slowKey });
    expectRateLimited(await h.request('GET', '/v1/key', { key: slowKey }), 'a key past its limit');
  });
});

describe('every other path', () => {
  it.each([
    ['GET', '/'],
    ['GET', '/v1'],
    ['GET', '/v2/anything'],
    ['GET', '/docs/package.json'],
    ['GET', '/dashboard/assets/nothing.js'],
    ['GET', '/app/assets/nothing.js'],
    ['GET', '/app/assets/wallet.html'],
    ['GET', '/public/communities/walk/nothing'],
    ['GET', '/public/nothing'],
  ])('%s %s is a 404 in the one shape', async (method, path) => {
    const reply = await h.request(method, path);
    expectErrorShape(reply, 404, `${method} ${path}`);
  });

  it.each([
    ['POST', '/healthz'],
    ['DELETE', '/openapi.json'],
    ['POST', '/docs'],
    ['POST', '/public/communities/walk/overview'],
    ['PUT', '/dashboard/walk'],
    ['POST', '/app'],
    ['POST', '/v1/key'],
  ])('%s %s is a 405 with Allow', async (method, path) => {
    const reply = await h.request(method, path);
    expectErrorShape(reply, 405, `${method} ${path}`);
    expect(reply.body.error.code).toBe('METHOD_NOT_ALLOWED');
    expect(reply.headers.get('allow')).toContain('GET');
  });

  it.each([
    'overview',
    'leaderboard',
    'volume',
    'transactions',
    'artifacts',
    'economy',
    'governance',
    'verify',
    'events',
  ])(
    'the public %s route: a bad id is 400, a private or unknown community 404, with rate-limit headers',
    async (read) => {
      const bad = await h.request('GET', `/public/communities/${'x'.repeat(80)}/${read}`);
      expectErrorShape(bad, 400, `public ${read} with a bad id`);
      expect(bad.body.error.details).toMatchObject({ field: 'communityId', in: 'path' });
      const unknown = await h.request('GET', `/public/communities/nowhere/${read}`);
      expectErrorShape(unknown, 404, `public ${read} of an unknown community`);
      expect(unknown.headers.get('access-control-allow-origin')).toBe('*');
      expect(unknown.headers.get('x-ratelimit-limit')).not.toBeNull();
    },
  );

  it('a public limit out of range is 400 in the words of the API', async () => {
    const reply = await h.request('GET', '/public/communities/walk/transactions?limit=51');
    expectErrorShape(reply, 400, 'public limit=51');
    expect(reply.body.error).toMatchObject({
      message: 'limit: must be at most 50',
      details: { field: 'limit', in: 'query' },
    });
  });

  it("an address past the public limit gets the API's 429: headers, details and all", async () => {
    const headers = { 'X-Forwarded-For': '198.51.100.7' };
    let last: HttpReply | undefined;
    // The verify limit is the smallest (10 a minute); the walk above spent none of this address's.
    for (let i = 0; i < 12; i += 1) {
      last = await h.request('GET', '/public/communities/walk/verify', { headers });
      if (last.status === 429) break;
    }
    expectRateLimited(last!, 'public verify past its limit');
    expect(last!.body.error.details.reason).toBe('address');
  });
});
