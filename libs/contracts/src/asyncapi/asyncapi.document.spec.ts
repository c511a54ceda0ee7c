import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import { CloudEventSchema } from '../cloudevent';
import { ALL_COMMANDS, ALL_EVENTS } from '../contracts.registry';
import { replySchema } from '../envelope';
import { ERROR_DETAILS, ERROR_DETAILS_EXAMPLES } from '../error-details';
import { ERROR_CODES } from '../errors';
import { ASYNCAPI_DOCUMENT_VERSION, buildAsyncApiDocument, errorDetailsSchemaId } from './asyncapi.document';

const DOC_PATH = resolve(__dirname, '../../../../docs/asyncapi.yaml');
const REGENERATE = 'UPDATE_ASYNCAPI=1 npx jest libs/contracts/src/asyncapi';
const HEADER = [
  '# GENERATED from libs/contracts by libs/contracts/src/asyncapi/asyncapi.document.ts; do not edit by hand.',
  `# Regenerate with: ${REGENERATE}`,
  '# A test fails whenever this file and the contracts differ.',
  '',
].join('\n');

// The document is untyped JSON read back from YAML; the tests walk it freely and assert on what they find.
type Json = Record<string, any>;

/** The document as plain JSON, the way it reads back from YAML. */
const built = JSON.parse(JSON.stringify(buildAsyncApiDocument())) as Json;

/** What the document must hold for a zod schema: its draft-07 JSON Schema, without the `$schema` line. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: dialect, ...rest } = z.toJSONSchema(schema, { io, target: 'draft-7' }) as Json;
  expect(dialect).toBe('http://json-schema.org/draft-07/schema#');
  return JSON.parse(JSON.stringify(rest)) as Json;
}

/** Resolve a local `#/a/b` JSON pointer. */
function resolvePointer(doc: Json, pointer: string): unknown {
  expect(pointer.startsWith('#/')).toBe(true);
  return pointer
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node as Json | undefined)?.[key], doc);
}

function collectRefs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => collectRefs(item, out));
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') out.push(value);
      else collectRefs(value, out);
    }
  }
  return out;
}

describe('docs/asyncapi.yaml', () => {
  if (process.env['UPDATE_ASYNCAPI'] === '1') {
    it('is regenerated from the contracts', () => {
      // YAML 1.1 rules quote strings an older parser would read as dates or booleans; shared objects are
      // written out in full rather than as anchors and aliases.
      const yaml = stringify(built, {
        aliasDuplicateObjects: false,
        lineWidth: 0,
        singleQuote: true,
        version: '1.1',
      });
      writeFileSync(DOC_PATH, HEADER + yaml);
      // Leave the file as the repository's prettier --check wants it (prettier's API cannot run inside jest).
      execFileSync(process.execPath, [require.resolve('prettier/bin/prettier.cjs'), '--write', DOC_PATH]);
      expect(parse(readFileSync(DOC_PATH, 'utf8'))).toStrictEqual(built);
    });
  } else {
    it(`matches libs/contracts (regenerate with: ${REGENERATE})`, () => {
      const text = readFileSync(DOC_PATH, 'utf8');
      expect(text.startsWith(HEADER)).toBe(true);
      expect(parse(text)).toStrictEqual(built);
    });
  }
});

describe('buildAsyncApiDocument', () => {
  it('is an AsyncAPI 3.0.0 document with info and a nats server', () => {
    expect(built['asyncapi']).toBe('3.0.0');
    expect(built['info']).toMatchObject({ title: 'Ticketonomics', version: ASYNCAPI_DOCUMENT_VERSION });
    expect(built['servers']).toEqual({
      local: expect.objectContaining({ host: '127.0.0.1:4222', protocol: 'nats' }),
    });
  });

  it('explains the wire format and every error code in its description', () => {
    const description = built['info'].description as string;
    for (const text of [
      'tk.cmd.<service>.<entity>.<verb>',
      '{"ok":true,"data":...}',
      '{"ok":false,"error":{"code":"...","message":"...","details":{...}}}',
      'CloudEvents 1.0',
      'TICKETONOMICS',
      'Nats-Msg-Id',
    ]) {
      expect(description).toContain(text);
    }
    for (const code of ERROR_CODES) expect(description).toMatch(new RegExp(`- \`${code}\`: \\S`));
  });

  it('is deterministic, with channels, operations and messages sorted by subject', () => {
    expect(JSON.stringify(buildAsyncApiDocument())).toBe(JSON.stringify(built));
    for (const record of [built['channels'], built['operations'], built['components'].messages]) {
      const keys = Object.keys(record);
      expect(keys).toEqual([...keys].sort());
    }
  });

  it('has a channel for every command subject and every event type, addressed by it', () => {
    const addresses = Object.values(built['channels']).map((channel) => (channel as Json)['address']);
    for (const spec of ALL_COMMANDS) {
      expect(built['channels'][spec.subject]).toMatchObject({ address: spec.subject });
    }
    for (const spec of ALL_EVENTS) {
      expect(built['channels'][spec.type]).toMatchObject({ address: spec.type });
    }
    // Besides those, only the reply channels, whose address (the requester's inbox) is dynamic.
    expect(addresses.filter((address) => address !== null).sort()).toEqual(
      [...ALL_COMMANDS.map((spec) => spec.subject), ...ALL_EVENTS.map((spec) => spec.type)].sort(),
    );
  });

  it('resolves every $ref inside the document', () => {
    const refs = collectRefs(built);
    expect(refs.length).toBeGreaterThan(0);
    for (const pointer of refs)
      expect({ pointer, target: resolvePointer(built, pointer) }).toEqual({
        pointer,
        target: expect.any(Object),
      });
  });

  it.each(ERROR_CODES)('lists the schema of the details of %s, with an example it accepts', (code) => {
    const listed = built['components'].schemas[errorDetailsSchemaId(code)] as Json;
    const { description, examples, ...schema } = listed;
    expect(schema).toEqual(jsonSchema(ERROR_DETAILS[code], 'input'));
    expect(description).toContain(code);
    expect(examples).toEqual([ERROR_DETAILS_EXAMPLES[code]]);
    expect(ERROR_DETAILS[code].safeParse(examples[0]).success).toBe(true);
    expect(built['info'].description).toContain(`#/components/schemas/${errorDetailsSchemaId(code)}`);
  });

  it('keeps channel, operation and message ids within the AsyncAPI key pattern', () => {
    const { messages, schemas } = built['components'];
    for (const record of [built['channels'], built['operations'], messages, schemas]) {
      for (const key of Object.keys(record)) expect(key).toMatch(/^[\w\d.\-_]+$/);
    }
  });

  describe.each(ALL_COMMANDS.map((spec) => [spec.subject, spec] as const))('command %s', (subject, spec) => {
    const operation = built['operations'][subject];
    const request = built['components'].messages[`${subject}.request`];
    const reply = built['components'].messages[`${subject}.reply`];

    it('is received by its service and answered on the reply channel', () => {
      expect(operation).toMatchObject({
        action: 'receive',
        channel: { $ref: `#/channels/${subject}` },
        messages: [{ $ref: `#/channels/${subject}/messages/request` }],
        reply: {
          channel: { $ref: `#/channels/${subject}.reply` },
          messages: [{ $ref: `#/channels/${subject}.reply/messages/reply` }],
        },
      });
      expect(built['channels'][`${subject}.reply`].address).toBeNull();
    });

    it('publishes the input JSON Schema of the request and its example', () => {
      expect(request.payload).toEqual(jsonSchema(spec.request, 'input'));
      expect(request.examples).toEqual([expect.objectContaining({ payload: spec.example })]);
      expect(spec.request.safeParse(request.examples[0].payload).success).toBe(true);
    });

    it('publishes the reply wrapped in the ok/error envelope, with a failure example', () => {
      expect(reply.payload).toEqual(jsonSchema(replySchema(spec.response), 'output'));
      const variants = reply.payload.oneOf ?? reply.payload.anyOf;
      expect(variants).toHaveLength(2);
      expect(variants[0].properties.ok.const).toBe(true);
      expect(variants[1].properties.error.properties.code.enum).toEqual([...ERROR_CODES]);
      const example = reply.examples[0].payload;
      expect(example).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED', details: { field: 'unexpected' } },
      });
      expect(replySchema(spec.response).safeParse(example).success).toBe(true);
    });
  });

  describe.each(ALL_EVENTS.map((spec) => [spec.type, spec] as const))('event %s', (type, spec) => {
    const operation = built['operations'][type];
    const message = built['components'].messages[type];

    it('is sent by its service on the subject equal to its type', () => {
      expect(operation).toMatchObject({
        action: 'send',
        channel: { $ref: `#/channels/${type}` },
        messages: [{ $ref: `#/channels/${type}/messages/event` }],
      });
      expect(operation.reply).toBeUndefined();
    });

    it('publishes the CloudEvent envelope with data = the event schema', () => {
      expect(message.contentType).toBe('application/cloudevents+json');
      expect(message.headers.required).toEqual(['Nats-Msg-Id']);
      const payload = message.payload;
      expect(payload.required).toEqual(expect.arrayContaining(['specversion', 'id', 'type', 'data']));
      expect(payload.properties.type.const).toBe(type);
      expect(payload.properties.data).toEqual(jsonSchema(spec.data, 'output'));
    });

    it('has an example that is a full CloudEvent whose data is the spec example', () => {
      const [example] = message.examples;
      expect(example.payload.data).toEqual(spec.example);
      expect(example.payload.type).toBe(type);
      expect(example.headers['Nats-Msg-Id']).toBe(example.payload.id);
      expect(CloudEventSchema.safeParse(example.payload).success).toBe(true);
      expect(CloudEventSchema.extend({ data: spec.data }).safeParse(example.payload).success).toBe(true);
    });
  });
});
