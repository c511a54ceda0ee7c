/**
 * The OpenAPI document's examples are real: every route's example requests are sent to the running
 * gateway (real services, a real nats-server) against the example community of example.ids.ts, and
 * - each answers the documented status, with a body the document's own schema (compiled from the JSON
 *   Schema, not the zod one) accepts;
 * - each code a route declares is provoked by at least one request (NOT_PROVOKED lists those that are not,
 *   and why);
 * - the answers are those recorded in openapi.examples.json, which the document shows: the error
 *   messages word for word, the success bodies by their schema (ids and times of a run differ).
 * UPDATE_OPENAPI_EXAMPLES=1 records the answers again instead of comparing them.
 */
import { execFileSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@ticketonomics/testing';
import { z } from 'zod';
import { API_ROUTES } from '../src/http/api.routes';
import { HTTP_STATUS_BY_CODE, type HttpErrorCode } from '../src/http/http-error';
import { EXAMPLE_FREE_ERRORS, type AnyRoute, type ExampleRequest } from '../src/http/route';
import { EX } from '../src/openapi/example.ids';
import { signSessionToken } from '../src/app-auth/session.token';
import {
  buildOpenApiDocument,
  type RecordedAnswer,
  type RecordedExamples,
} from '../src/openapi/openapi.document';
import { PUBLIC_ROUTES, type PublicRoute } from '../src/openapi/public-routes.openapi';
import { buildExampleCommunity, type ExampleCommunity } from './support/example.fixture';
import { startApiHarness, type ApiHarness, type HttpReply } from './support/api.harness';
import { openFeed } from './support/sse.client';

/** Codes declared but not provoked here: each needs a service down or the gateway overloaded. */
const NOT_PROVOKED: Partial<Record<HttpErrorCode, string>> = {
  UNAVAILABLE: 'a service must be down or too slow to answer',
  OVERLOADED: 'the gateway or a service must be shedding load (500 open feeds, say)',
};

const UPDATE = process.env.UPDATE_OPENAPI_EXAMPLES === '1';

// ---- the wallet: sign-ins signed here, and members' session tokens ----

const BOT_TOKEN = '7012345678:AAHk2x9Qm3VbT8pLr5Nc0WjZyE4uFsD1gOi';
const SESSION_SECRET = 'openapi-examples-session-secret-0123456789';
const SESSION_REQUESTS_PER_MINUTE = 300;

/** A documented initData signed for real: its fields with auth_date now, and their hash (Telegram's rule). */
function signedInitData(documented: string, authDate: string): string {
  const fields = new URLSearchParams(documented);
  fields.delete('hash');
  fields.set('auth_date', authDate);
  const checkString = [...fields.keys()]
    .sort()
    .map((key) => `${key}=${fields.get(key)!}`)
    .join('\n');
  const secret = createHmac('sha256', 'WebAppData').update(BOT_TOKEN).digest();
  fields.set('hash', createHmac('sha256', secret).update(checkString).digest('hex'));
  return fields.toString();
}

/** The Login Widget's hash of these fields (its own rule: the key is SHA-256 of the token). */
function widgetHash(fields: Record<string, string | number>): string {
  const checkString = Object.keys(fields)
    .sort()
    .map((key) => `${key}=${fields[key]}`)
    .join('\n');
  const secret = createHash('sha256').update(BOT_TOKEN).digest();
  return createHmac('sha256', secret).update(checkString).digest('hex');
}

/** The sign-in examples' documented values and the real ones signed now (each is accepted once). */
function signedSignIns(): [string, string][] {
  const authDate = String(Math.floor(Date.now() / 1000));
  return [
    [EX.initData, signedInitData(EX.initData, authDate)],
    [EX.strangerInitData, signedInitData(EX.strangerInitData, authDate)],
    [
      EX.loginHash,
      widgetHash({ id: EX.bobTelegramId, first_name: 'Bob', username: 'bobkeller', auth_date: authDate }),
    ],
    [EX.strangerLoginHash, widgetHash({ id: EX.strangerTelegramId, first_name: 'Zed', auth_date: authDate })],
    [String(EX.authDate), authDate],
  ];
}

/** A member's session token, as the sign-in would give it. */
function sessionOf(userId: string): string {
  const now = Date.now();
  return signSessionToken(
    {
      sid: `examples-${userId.slice(-8)}-session`,
      uid: userId,
      tg: '5012345600',
      exp: now + 3_600_000,
      max: now + 3_600_000,
    },
    SESSION_SECRET,
  );
}

/**
 * Whose session sends a wallet route's example: Bob's, but for the codes only another member can cause
 * (no tickets: Cy; a frozen account: Flo; past the policy's limit, a second vote, a listing of her own:
 * Ann), and Dee's (a member of harbor only) for a community that is not the member's.
 */
const SESSION_BY_CODE: Partial<Record<HttpErrorCode, string>> = {
  INSUFFICIENT_FUNDS: EX.cy,
  ACCOUNT_FROZEN: EX.flo,
  LIMIT_EXCEEDED: EX.ann,
};
const SESSION_BY_ROUTE_CODE: Record<string, Partial<Record<HttpErrorCode, string>>> = {
  walletVote: { CONFLICT: EX.ann },
  walletCancelListing: { CONFLICT: EX.ann },
};

function sessionFor(route: AnyRoute, code: HttpErrorCode | 'ok'): string | undefined {
  if (code === 'UNAUTHENTICATED') return undefined;
  if (code === 'FORBIDDEN' && route.examples.FORBIDDEN === undefined) return sessionOf(EX.dee);
  if (code === 'RATE_LIMITED') return sessionOf(EX.stranger);
  if (code === 'ok') return sessionOf(EX.bob);
  return sessionOf(SESSION_BY_ROUTE_CODE[route.operationId]?.[code] ?? SESSION_BY_CODE[code] ?? EX.bob);
}

/** Spend a member's requests of this minute (the limit counts per member over every replica). */
async function spendSession(token: string): Promise<void> {
  for (let i = 0; i <= SESSION_REQUESTS_PER_MINUTE; i += 1) {
    const reply = await h.request('POST', '/v1/app/sessions/refresh', { key: token, body: {} });
    if (reply.status === 429) return;
  }
}

/** Sign-ins are limited per address: each example comes from its own, and one address is spent. */
async function spendSignIns(route: AnyRoute, from: string): Promise<HttpReply> {
  for (let i = 0; i < 200; i += 1) {
    const reply = await send(route.method, route.path, route.examples.VALIDATION_FAILED!, {
      headers: { 'X-Forwarded-For': from },
    });
    if (reply.status === 429) return reply;
  }
  throw new Error(`${route.path} never refused an address`);
}
const RECORD_FILE = join(__dirname, '../src/openapi/openapi.examples.json');
const recorded = JSON.parse(readFileSync(RECORD_FILE, 'utf8')) as RecordedExamples;
const document = buildOpenApiDocument(API_ROUTES, 'test');
/** What this run saw, in the document's terms (ids mapped back): the file's content when recording. */
const seen: RecordedExamples = {};

let h: ApiHarness;
let ex: ExampleCommunity;
let address = 0;

beforeAll(async () => {
  h = await startApiHarness({
    extra: ['artifacts', 'analytics', 'governance'],
    // Every route is asked without a key once; the public routes' callers are told apart by X-Forwarded-For.
    env: {
      AUTH_FAILURES_PER_MINUTE_MAX: '1000',
      TRUST_PROXY_HOPS: '1',
      TELEGRAM_BOT_TOKEN: BOT_TOKEN,
      APP_SESSION_SECRET: SESSION_SECRET,
      APP_SESSION_REQUESTS_PER_MINUTE: String(SESSION_REQUESTS_PER_MINUTE),
    },
  });
  ex = await buildExampleCommunity(h);
  ex.mapped.unshift(...signedSignIns());
}, 180_000);

afterAll(async () => {
  await h?.close();
});

// ---- the document's schemas, compiled from its JSON Schema ----

const compiled = new Map<string, z.ZodType>();
/** A JSON Schema of the document (refs to its components) as a validator. */
function validatorOf(schema: unknown): z.ZodType {
  const key = JSON.stringify(schema);
  let validator = compiled.get(key);
  if (validator === undefined) {
    const local = (value: unknown) =>
      JSON.parse(JSON.stringify(value).replaceAll('"#/components/schemas/', '"#/$defs/')) as Record<
        string,
        unknown
      >;
    validator = z.fromJSONSchema({ ...local(schema), $defs: local(document.components.schemas) } as never);
    compiled.set(key, validator);
  }
  return validator;
}

function expectValid(schema: unknown, value: unknown, what: string): void {
  const result = validatorOf(schema).safeParse(value);
  expect({ what, issues: result.success ? [] : result.error.issues.slice(0, 3) }).toEqual({
    what,
    issues: [],
  });
}

function operationOf(path: string, method: string) {
  const operation = document.paths[path]?.[method.toLowerCase()];
  if (operation === undefined) throw new Error(`${method} ${path} is not in the document`);
  return operation;
}

function documentedContent(path: string, method: string, status: number) {
  const response = operationOf(path, method).responses[String(status)] as
    { content: Record<string, { schema: unknown; example?: unknown }> } | undefined;
  if (response === undefined) throw new Error(`${method} ${path} documents no ${status}`);
  return Object.values(response.content)[0]!;
}

// ---- requests in the document's terms, sent in the running system's ----

function toReal(text: string): string {
  return ex.mapped.reduce((out, [documented, real]) => out.replaceAll(documented, real), text);
}
/**
 * A webhook's signing secret is made afresh by every run: the document shows a fixed one, so no secret a
 * running system handed out is ever recorded.
 */
const WEBHOOK_SECRET = /whsec_[A-Za-z0-9+/=]+/g;
const DOCUMENTED_WEBHOOK_SECRET = `whsec_${Buffer.alloc(32, 'example-secret').toString('base64')}`;

function toDocumented<T>(value: T): T {
  const text = ex.mapped
    .reduce((out, [documented, real]) => out.replaceAll(real, documented), JSON.stringify(value))
    .replace(WEBHOOK_SECRET, DOCUMENTED_WEBHOOK_SECRET);
  return JSON.parse(text) as T;
}

function urlOf(path: string, example: ExampleRequest): string {
  const params: Record<string, string> = { communityId: EX.community, ...example.params };
  const filled = path.replace(/[:{]([A-Za-z]+)\}?/g, (_m, name: string) =>
    encodeURIComponent(toReal(params[name] ?? '')),
  );
  const query = new URLSearchParams(
    Object.entries(example.query ?? {}).map(([name, value]): [string, string] => [name, toReal(value)]),
  ).toString();
  return query === '' ? filled : `${filled}?${query}`;
}

interface Sent {
  key?: string;
  idempotencyKey?: string;
  padding?: boolean;
  headers?: Record<string, string>;
}

async function send(method: string, path: string, example: ExampleRequest, sent: Sent): Promise<HttpReply> {
  const headers: Record<string, string> = { ...sent.headers };
  if (sent.idempotencyKey !== undefined) headers['Idempotency-Key'] = sent.idempotencyKey;
  let body = example.body === undefined ? undefined : JSON.parse(toReal(JSON.stringify(example.body)));
  if (sent.padding === true) body = { ...body, padding: 'x'.repeat(70_000) };
  const reply = await h.request(method, urlOf(path, example), {
    ...(sent.key !== undefined ? { key: sent.key } : {}),
    body,
    headers,
  });
  return { ...reply, body: toDocumented(reply.body) };
}

/** A rate limit's answer says how long to wait, which is never the same twice. */
const comparable = (code: string, message: string) =>
  code === 'RATE_LIMITED' ? message.replace(/[0-9]+/g, '#') : message;

/** Keep what was seen; a rate limit's answer like one kept already is kept as that one (one example). */
function keep(operationId: string, name: string, answer: RecordedAnswer): void {
  let kept = answer;
  if (name === 'RATE_LIMITED') {
    const message = (answer.body as { error: { message: string } }).error.message;
    const same = Object.values(seen)
      .map((answers) => answers['RATE_LIMITED'])
      .find(
        (other) =>
          other !== undefined &&
          comparable('RATE_LIMITED', (other.body as { error: { message: string } }).error.message) ===
            comparable('RATE_LIMITED', message),
      );
    if (same !== undefined) kept = same;
  }
  (seen[operationId] ??= {})[name] = kept;
}

function checkError(
  operationId: string,
  path: string,
  method: string,
  code: HttpErrorCode,
  reply: HttpReply,
) {
  const what = `${operationId} ${code}`;
  expect({ what, status: reply.status, code: reply.body?.error?.code }).toEqual({
    what,
    status: HTTP_STATUS_BY_CODE[code],
    code,
  });
  expectValid(documentedContent(path, method, HTTP_STATUS_BY_CODE[code]).schema, reply.body, what);
  if (!UPDATE) {
    const documented = recorded[operationId]?.[code]?.body as { error: { message: string } } | undefined;
    expect({ what, message: comparable(code, reply.body.error.message) }).toEqual({
      what,
      message: documented === undefined ? '(not recorded)' : comparable(code, documented.error.message),
    });
  }
  keep(operationId, code, { status: reply.status, body: reply.body });
}

// ---- the API routes ----

const byName = (route: AnyRoute) => [`${route.method} ${route.path}`, route] as const;
const pathOf = (route: AnyRoute) => route.path.replace(/:([A-Za-z]+)/g, '{$1}');
const okIdempotencyKey = (route: AnyRoute) => `example-${route.operationId}`;

function keyFor(route: AnyRoute, code: HttpErrorCode): string | undefined {
  if (route.auth === 'session') return sessionFor(route, code);
  if (code === 'UNAUTHENTICATED') return undefined;
  if (code === 'RATE_LIMITED') return ex.keys.spent;
  if (code === 'FORBIDDEN' && route.examples.FORBIDDEN === undefined)
    return route.scope === 'read' ? ex.keys.transfer : ex.keys.read;
  return ex.keys.admin;
}

describe('every declared error of every route, from its example request', () => {
  it.each(API_ROUTES.map(byName))('%s', async (_name, route) => {
    for (const code of route.errors) {
      if (NOT_PROVOKED[code] !== undefined || code === 'IDEMPOTENCY_CONFLICT') continue;
      const example = route.examples[code] ?? route.examples.ok;
      // The spent key's one request a minute: rate windows are fixed minutes shared by every replica, so one
      // may have begun since the key was last used; spend it again, or the example would go through.
      if (code === 'RATE_LIMITED' && route.auth === 'sign-in') {
        checkError(
          route.operationId,
          pathOf(route),
          route.method,
          code,
          await spendSignIns(route, nextAddress()),
        );
        continue;
      }
      if (code === 'RATE_LIMITED' && route.auth === 'session') await spendSession(sessionOf(EX.stranger));
      else if (code === 'RATE_LIMITED') await h.request('GET', '/v1/key', { key: ex.keys.spent });
      const reply = await send(route.method, route.path, example, {
        key: keyFor(route, code),
        padding: code === 'PAYLOAD_TOO_LARGE',
        ...(route.auth === 'sign-in' ? { headers: { 'X-Forwarded-For': nextAddress() } } : {}),
        ...(route.idempotent === true ? { idempotencyKey: `example-${route.operationId}-${code}` } : {}),
      });
      checkError(route.operationId, pathOf(route), route.method, code, reply);
    }
  });
});

describe('every route, its success example', () => {
  it.each(API_ROUTES.map(byName))('%s', async (_name, route) => {
    const reply = await send(route.method, route.path, route.examples.ok, {
      key: route.auth === 'session' ? sessionFor(route, 'ok') : ex.keys.admin,
      ...(route.auth === 'sign-in' ? { headers: { 'X-Forwarded-For': nextAddress() } } : {}),
      ...(route.idempotent === true ? { idempotencyKey: okIdempotencyKey(route) } : {}),
    });
    const status = route.status ?? 200;
    expect({
      route: route.operationId,
      status: reply.status,
      body: reply.status === status ? 'ok' : reply.body,
    }).toEqual({ route: route.operationId, status, body: 'ok' });
    const content = documentedContent(pathOf(route), route.method, status);
    expectValid(content.schema, reply.body, `${route.operationId} answer`);
    if (!UPDATE) expectValid(content.schema, content.example, `${route.operationId} documented example`);
    keep(route.operationId, 'ok', { status, body: reply.body });
  });
});

describe('an Idempotency-Key sent again with another request', () => {
  it.each(API_ROUTES.filter((route) => route.idempotent === true).map(byName))('%s', async (_name, route) => {
    expect(route.examples.IDEMPOTENCY_CONFLICT).toBeDefined();
    const reply = await send(route.method, route.path, route.examples.IDEMPOTENCY_CONFLICT!, {
      key: route.auth === 'session' ? sessionFor(route, 'ok') : ex.keys.admin,
      idempotencyKey: okIdempotencyKey(route),
    });
    checkError(route.operationId, pathOf(route), route.method, 'IDEMPOTENCY_CONFLICT', reply);
  });
});

// ---- the public routes ----

const nextAddress = () => `203.0.113.${(address += 1)}`;

async function sendPublic(route: PublicRoute, example: ExampleRequest, from: string): Promise<HttpReply> {
  return send('GET', route.path, example, { headers: { 'X-Forwarded-For': from } });
}

/** The live feed's first frames: the reconnect hint and the hello event. */
async function feedStart(route: PublicRoute, from: string) {
  const feed = await openFeed(h.baseUrl, urlOf(route.path, route.examples.ok), { 'X-Forwarded-For': from });
  try {
    if (feed.status === 200) {
      await waitFor(() => (feed.text().includes('\n\n') ? true : undefined), {
        timeoutMs: 5_000,
        description: 'the feed hello',
      });
    }
    return { status: feed.status, text: feed.text(), body: feed.body };
  } finally {
    feed.close();
  }
}

describe('the public routes', () => {
  it.each(PUBLIC_ROUTES.map((route) => [route.path, route] as const))('%s', async (_path, route) => {
    if (route.response === null) {
      const start = await feedStart(route, nextAddress());
      expect(start.status).toBe(200);
      expect(start.text).toMatch(/^retry: [0-9]+\nevent: hello\ndata: \{.*\}\n\n/);
      keep(route.operationId, 'ok', {
        status: 200,
        body: start.text.slice(0, start.text.indexOf('\n\n') + 2),
      });
    } else {
      const reply = await sendPublic(route, route.examples.ok, nextAddress());
      expect({ route: route.operationId, status: reply.status }).toEqual({
        route: route.operationId,
        status: 200,
      });
      const content = documentedContent(route.path, 'GET', 200);
      expectValid(content.schema, reply.body, `${route.operationId} answer`);
      if (!UPDATE) expectValid(content.schema, content.example, `${route.operationId} documented example`);
      keep(route.operationId, 'ok', { status: 200, body: reply.body });
    }
    for (const code of route.errors) {
      if (NOT_PROVOKED[code] !== undefined) continue;
      let reply: HttpReply;
      if (code === 'RATE_LIMITED') reply = await exhaust(route);
      else reply = await sendPublic(route, route.examples[code]!, nextAddress());
      checkError(route.operationId, route.path, 'GET', code, reply);
    }
  });
});

/** One address asking until it is refused: reads and verify per minute, feeds open at once. */
async function exhaust(route: PublicRoute): Promise<HttpReply> {
  const from = nextAddress();
  if (route.response === null) {
    const open = [];
    try {
      for (let i = 0; i < 20; i += 1) {
        const feed = await openFeed(h.baseUrl, urlOf(route.path, route.examples.ok), {
          'X-Forwarded-For': from,
        });
        open.push(feed);
        if (feed.status === 429) return { status: feed.status, headers: new Headers(), body: feed.body };
      }
    } finally {
      for (const feed of open) feed.close();
    }
    throw new Error('the feed never refused an address');
  }
  for (let i = 0; i < 300; i += 1) {
    const reply = await sendPublic(route, route.examples.ok, from);
    if (reply.status === 429) return reply;
  }
  throw new Error(`${route.path} never refused an address`);
}

// ---- what was declared, provoked and recorded ----

describe('the examples as a whole', () => {
  it('provoked every declared code but those NOT_PROVOKED lists, and gave an example request for each', () => {
    const missing: string[] = [];
    for (const route of [...API_ROUTES, ...PUBLIC_ROUTES]) {
      for (const code of route.errors) {
        if (NOT_PROVOKED[code] !== undefined) continue;
        if (seen[route.operationId]?.[code] === undefined) missing.push(`${route.operationId} ${code}`);
        if (
          route.examples[code] === undefined &&
          !EXAMPLE_FREE_ERRORS.includes(code) &&
          code !== 'RATE_LIMITED'
        )
          missing.push(`${route.operationId} ${code}: no example request`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('are the answers recorded in openapi.examples.json (or records them, with UPDATE_OPENAPI_EXAMPLES=1)', () => {
    if (UPDATE) {
      writeFileSync(RECORD_FILE, `${JSON.stringify(seen, null, 2)}\n`);
      execFileSync(process.execPath, [require.resolve('prettier/bin/prettier.cjs'), '--write', RECORD_FILE]);
      return;
    }
    const names = (examples: RecordedExamples) =>
      Object.entries(examples)
        .flatMap(([operationId, answers]) => Object.keys(answers).map((name) => `${operationId} ${name}`))
        .sort();
    expect(names(recorded)).toEqual(names(seen));
    for (const [operationId, answers] of Object.entries(seen))
      for (const [name, answer] of Object.entries(answers))
        expect({ operationId, name, status: recorded[operationId]?.[name]?.status }).toEqual({
          operationId,
          name,
          status: answer.status,
        });
  });
});
