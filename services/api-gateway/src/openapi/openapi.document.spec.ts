import { execFileSync } from 'node:child_process';
import { z } from 'zod';
import { API_ROUTES } from '../http/api.routes';
import { HTTP_STATUS_BY_CODE, HttpErrorBodySchema, type HttpErrorCode } from '../http/http-error';
import { EXAMPLE_FREE_ERRORS } from '../http/route';
import { compilePath, matchPath, openApiPath } from '../http/route-path';
import { buildOpenApiDocument, ERROR_EXAMPLES, RECORDED_EXAMPLES } from './openapi.document';
import { PUBLIC_ROUTES } from './public-routes.openapi';

const document = buildOpenApiDocument(API_ROUTES, '1.2.3');

function operations() {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
  );
}

/** Every `$ref` in a JSON value. */
function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => refsIn(item, found));
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') found.push(inner);
      else refsIn(inner, found);
    }
  }
  return found;
}

function resolve(ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], document);
}

describe('the OpenAPI document', () => {
  it('describes every route of the table, and nothing else but the WebSocket stream', () => {
    const documented = operations()
      .filter(({ operation }) => operation['x-websocket'] !== true && !operation.tags.includes('public'))
      .map(({ path, method }) => `${method.toUpperCase()} ${path}`)
      .sort();
    const table = API_ROUTES.map((route) => `${route.method} ${openApiPath(route.path)}`).sort();
    expect(documented).toEqual(table);
    expect(operations().filter(({ operation }) => operation['x-websocket'] === true)).toHaveLength(1);
  });

  it('gives every operation a unique id, its scope, a success schema and path parameters for each template', () => {
    const ids = operations().map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, operation } of operations()) {
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]).sort();
      const inPath = operation.parameters
        .filter((parameter) => parameter['in'] === 'path')
        .map((parameter) => parameter['name'])
        .sort();
      expect({ path, params: inPath }).toEqual({ path, params: templated });
      const success = Object.keys(operation.responses).find((status) => /^(101|2\d\d)$/.test(status));
      expect(success).toBeDefined();
    }
  });

  it('resolves every $ref', () => {
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs)
      expect({ ref, resolved: resolve(ref) !== undefined }).toEqual({ ref, resolved: true });
  });

  it('is a valid OpenAPI 3.1 document (a maintained validator says so)', () => {
    // The validator is an ES module, which jest's CommonJS runtime cannot load: it runs in its own node.
    const script = `import { Validator } from '@seriousme/openapi-schema-validator';
      let text = ''; for await (const chunk of process.stdin) text += chunk;
      const result = await new Validator().validate(JSON.parse(text));
      process.stdout.write(JSON.stringify({ valid: result.valid, errors: result.errors ?? [] }));`;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      input: JSON.stringify(document),
      encoding: 'utf8',
    });
    const result = JSON.parse(output) as { valid: boolean; errors: unknown };
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("gives an error answer's details the schema of its code", () => {
    const local = (value: unknown) =>
      JSON.parse(JSON.stringify(value).replaceAll('"#/components/schemas/', '"#/$defs/')) as object;
    const content =
      document.paths['/v1/communities/{communityId}/transfers']!['post']!.responses['422']!['content'];
    const schema = (content as Record<string, { schema: unknown }>)['application/json']!.schema;
    const answer = z.fromJSONSchema({ ...local(schema), $defs: local(document.components.schemas) } as never);
    const body = (code: string, details: object) => ({ error: { code, message: 'refused', details } });
    const funds = { accountId: 'user:demo-town:01JQ3V8K2M4N6P8R0T2W4Y6Z8C', available: 0, required: 100 };
    expect(answer.safeParse(body('INSUFFICIENT_FUNDS', funds)).success).toBe(true);
    expect(
      answer.safeParse(body('LIMIT_EXCEEDED', { field: 'amount', in: 'body', min: 1, max: 2000 })).success,
    ).toBe(true);
    expect(answer.safeParse(body('INSUFFICIENT_FUNDS', { available: 'none' })).success).toBe(false);
    expect(answer.safeParse(body('LIMIT_EXCEEDED', { cap: 'weeklySendMax' })).success).toBe(false);
  });

  it('names the schemas it reuses, and refers to them instead of inlining them', () => {
    const names = Object.keys(document.components.schemas);
    for (const name of [
      'Error',
      'Transfer',
      'TransferResult',
      'Member',
      'Membership',
      'Edition',
      'ArtifactType',
    ])
      expect(names).toContain(name);
    expect(names.length).toBeGreaterThan(40);
    // The payment and the reward answer the same shape.
    const created = (path: string) =>
      document.paths[path]!['post']!.responses['201']!['content'] as Record<string, { schema: unknown }>;
    expect(created('/v1/communities/{communityId}/rewards')['application/json']!.schema).toEqual(
      created('/v1/communities/{communityId}/transfers')['application/json']!.schema,
    );
    // Some 90 operations, each with an example of every code it declares (the wallet's routes about a fifth).
    expect(JSON.stringify(document).length).toBeLessThan(560_000);
  });

  it('gives every error status of an operation an example of each code it declares, in the one error shape', () => {
    for (const example of Object.values(ERROR_EXAMPLES))
      expect(HttpErrorBodySchema.safeParse(example).success).toBe(true);
    const declared = new Map<string, readonly HttpErrorCode[]>(
      [...API_ROUTES, ...PUBLIC_ROUTES].map((route) => [route.operationId, route.errors]),
    );
    for (const { operation } of operations()) {
      const codes = declared.get(operation.operationId);
      if (codes === undefined) continue;
      const shown: string[] = [];
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!/^[45]/.test(status)) continue;
        const content = (response['content'] as Record<string, { examples: Record<string, unknown> }>)[
          'application/json'
        ]!;
        for (const [code, example] of Object.entries(content.examples)) {
          const value = (
            (example as { $ref?: string }).$ref === undefined
              ? example
              : resolve((example as { $ref: string }).$ref)
          ) as { value: { error: { code: string } } };
          expect(HttpErrorBodySchema.safeParse(value.value).success).toBe(true);
          expect({ op: operation.operationId, code: value.value.error.code, status }).toEqual({
            op: operation.operationId,
            code,
            status: String(HTTP_STATUS_BY_CODE[code as HttpErrorCode]),
          });
          shown.push(code);
        }
      }
      expect({ op: operation.operationId, shown: shown.sort() }).toEqual({
        op: operation.operationId,
        shown: [...codes].sort(),
      });
    }
  });

  it("shows every operation's recorded answers: its success, and each code it declares but a service down", () => {
    const missing: string[] = [];
    for (const route of [...API_ROUTES, ...PUBLIC_ROUTES]) {
      const recorded = RECORDED_EXAMPLES[route.operationId] ?? {};
      for (const name of [
        'ok',
        ...route.errors.filter((code) => code !== 'UNAVAILABLE' && code !== 'OVERLOADED'),
      ])
        if (recorded[name] === undefined) missing.push(`${route.operationId} ${name}`);
    }
    // Record them with UPDATE_OPENAPI_EXAMPLES=1 npx jest services/api-gateway/test/openapi-examples.e2e-spec.ts
    expect(missing).toEqual([]);
    const transfer = document.paths['/v1/communities/{communityId}/transfers']!['post']!;
    expect(transfer.requestBody!['content']).toMatchObject({
      'application/json': { example: { amount: 120 } },
    });
    expect(JSON.stringify(transfer.responses['201'])).toContain('"example"');
    expect(transfer.parameters.find((parameter) => parameter['name'] === 'communityId')).toMatchObject({
      example: 'demo-town',
    });
  });

  it('documents the public JSON routes the dashboard reads', () => {
    for (const route of PUBLIC_ROUTES)
      expect(document.paths[route.path]?.['get']?.operationId).toBe(route.operationId);
  });

  it("is OpenAPI 3.1 with both ways of sending a key, and the wallet's session token", () => {
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual([
      'apiKeyHeader',
      'bearerAuth',
      'memberSession',
    ]);
    const pay = document.paths['/v1/app/communities/{communityId}/payments']!['post']!;
    expect(pay.security).toEqual([{ memberSession: [] }]);
    expect(document.paths['/v1/app/sessions/telegram-webapp']!['post']!.security).toEqual([]);
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
  });
});

describe('the route table', () => {
  it('never lets two routes of one method match the same request', () => {
    // A concrete path per route (each parameter replaced by a sample) must match that route alone.
    for (const route of API_ROUTES) {
      const sample = route.path.replace(/:[A-Za-z]+/g, '7');
      const matching = API_ROUTES.filter(
        (other) => other.method === route.method && matchPath(compilePath(other.path), sample) !== null,
      );
      expect({ route: route.path, matching: matching.map((other) => other.path) }).toEqual({
        route: route.path,
        matching: [route.path],
      });
    }
  });

  it('declares the codes its shape brings, and an example request for each code a request alone causes', () => {
    for (const route of API_ROUTES) {
      const expected = new Set<HttpErrorCode>(['UNAUTHENTICATED', 'RATE_LIMITED', 'UNAVAILABLE']);
      if (route.path.includes(':communityId') || route.scope !== null) expected.add('FORBIDDEN');
      if (route.body !== undefined)
        ['VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE'].forEach((c) => expected.add(c as HttpErrorCode));
      if (route.idempotent === true) expected.add('IDEMPOTENCY_CONFLICT');
      if (route.query !== undefined || /:(?!communityId)/.test(route.path)) expected.add('VALIDATION_FAILED');
      const declared = new Set(route.errors);
      expect({
        route: route.operationId,
        lacking: [...expected].filter((code) => !declared.has(code)),
      }).toEqual({
        route: route.operationId,
        lacking: [],
      });
      for (const code of route.errors) {
        if (EXAMPLE_FREE_ERRORS.includes(code)) continue;
        expect({ route: route.operationId, code, example: route.examples[code] !== undefined }).toEqual({
          route: route.operationId,
          code,
          example: true,
        });
      }
      for (const code of Object.keys(route.examples).filter((name) => name !== 'ok'))
        expect({ route: route.operationId, code, declared: declared.has(code as HttpErrorCode) }).toEqual({
          route: route.operationId,
          code,
          declared: true,
        });
    }
  });

  it('declares each route with a scope and a summary', () => {
    for (const route of API_ROUTES) {
      expect(route.summary.length).toBeGreaterThan(10);
      expect([null, 'read', 'transfer', 'reward', 'admin']).toContain(route.scope);
    }
  });
});
