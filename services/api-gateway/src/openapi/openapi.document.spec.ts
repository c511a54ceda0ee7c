import { API_ROUTES } from '../http/api.routes';
import { compilePath, matchPath, openApiPath } from '../http/route-path';
import { buildOpenApiDocument } from './openapi.document';

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
      .filter(({ operation }) => operation['x-websocket'] !== true)
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

  it('is OpenAPI 3.1 with both ways of sending a key', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['apiKeyHeader', 'bearerAuth']);
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

  it('declares each route with a scope and a summary', () => {
    for (const route of API_ROUTES) {
      expect(route.summary.length).toBeGreaterThan(10);
      expect([null, 'read', 'transfer', 'reward', 'admin']).toContain(route.scope);
    }
  });
});
