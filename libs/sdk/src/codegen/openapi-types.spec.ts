import { generateApiTypes, schemaType } from './openapi-types';

describe('generateApiTypes', () => {
  it('turns the JSON Schemas of the document into TypeScript types', () => {
    expect(
      schemaType({
        type: 'object',
        properties: {
          id: { type: 'string' },
          amount: { type: 'integer' },
          memo: { anyOf: [{ type: 'string' }, { type: 'null' }] },
          kind: { enum: ['posted', 'pending'] },
          tags: { type: 'array', items: { $ref: '#/components/schemas/Tag' } },
          'x-extra': { const: 1 },
        },
        required: ['id', 'amount'],
        additionalProperties: false,
      }),
    ).toBe(
      [
        '{',
        '  id: string;',
        '  amount: number;',
        '  memo?: string | null;',
        '  kind?: "posted" | "pending";',
        '  tags?: Array<Schemas["Tag"]>;',
        '  "x-extra"?: 1;',
        '}',
      ].join('\n'),
    );
    expect(schemaType({ type: 'object', additionalProperties: { type: 'number' } })).toBe(
      '{\n  [key: string]: number;\n}',
    );
  });

  it('lists JSON operations with their parameters, body, answer and whether they take an Idempotency-Key', () => {
    const source = generateApiTypes({
      components: { schemas: { Paid: { type: 'object', properties: { id: { type: 'string' } } } } },
      paths: {
        '/v1/communities/{communityId}/transfers': {
          post: {
            operationId: 'createTransfer',
            parameters: [
              { name: 'communityId', in: 'path', required: true, schema: { type: 'string' } },
              { name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string' } },
            ],
            requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
            responses: {
              '201': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Paid' } } } },
              '400': {},
            },
          },
        },
        '/v1/communities/{communityId}/events': {
          get: { operationId: 'streamEvents', 'x-websocket': true, responses: { '101': {} } },
        },
      },
    });
    expect(source).toContain('  Paid: {\n    id?: string;\n  };');
    expect(source).toContain('    response: Schemas["Paid"];');
    expect(source).toContain(
      "  createTransfer: { method: 'POST', path: '/v1/communities/{communityId}/transfers', idempotent: true, status: 201 },",
    );
    expect(source).not.toContain('streamEvents');
  });
});
