import type { z } from 'zod';
import { CloudEventSchema } from '../cloudevent';
import { ALL_EVENTS } from '../contracts.registry';
import { firstRejectedField, parseOrThrow } from '../validation';
import { ACCOUNTS_INTEGRATIONS_EXAMPLE_ORDER, AccountsIntegrationCommands } from './accounts.integrations';
import { accountsEventAddress } from './accounts.events';
import { INTEGRATION_EXAMPLES as EX } from './api-keys.commands';
import { IntegrationEvents } from './integrations.events';
import {
  apiKeyActor,
  apiKeyIdOfActor,
  apiKeyProof,
  apiKeySecretHash,
  eventTypeMatches,
  INTEGRATION_LIMITS,
  parseApiKey,
} from './integrations.schemas';

const commands = Object.entries(AccountsIntegrationCommands);
const C = AccountsIntegrationCommands;

describe('AccountsIntegrationCommands', () => {
  it('uses unique subjects of the form tk.cmd.accounts.<entity>.<verb>', () => {
    const subjects = commands.map(([, spec]) => spec.subject);
    for (const subject of subjects) expect(subject).toMatch(/^tk\.cmd\.accounts\.(apikey|webhook)\.[a-z]+$/);
    expect(new Set(subjects).size).toBe(subjects.length);
  });

  it.each(commands)('%s has a summary and an example its request schema accepts', (_key, spec) => {
    expect(spec.summary.length).toBeGreaterThan(10);
    expect(() => parseOrThrow(spec.request, spec.example)).not.toThrow();
  });

  it('orders every example once, each create before what uses its id', () => {
    const order = ACCOUNTS_INTEGRATIONS_EXAMPLE_ORDER;
    expect([...order].sort()).toEqual(Object.keys(C).sort());
    expect(order.indexOf('apiKeyCreate')).toBe(0);
    expect(order.indexOf('apiKeyRevoke')).toBeGreaterThan(order.indexOf('apiKeyVerify'));
    expect(order.indexOf('webhookCreate')).toBeLessThan(order.indexOf('webhookDeliveries'));
    expect(order.at(-1)).toBe('webhookDelete');
    expect(parseApiKey(EX.key)).toEqual({ keyId: EX.keyId, secret: EX.key.slice(-43) });
    expect(apiKeyProof(EX.key)).toEqual({ keyId: EX.keyId, secretHash: EX.secretHash });
  });

  it('defaults the rate limit and leaves out revoked keys unless asked', () => {
    expect(parseOrThrow(C.apiKeyCreate.request, C.apiKeyCreate.example).rateLimitPerMinute).toBe(
      INTEGRATION_LIMITS.rateLimitPerMinuteDefault,
    );
    expect(parseOrThrow(C.apiKeyList.request, { communityId: 'c' }).includeRevoked).toBe(false);
  });
});

describe('integration request schemas reject bad payloads, naming the field', () => {
  const key = C.apiKeyCreate.example;
  const hook = C.webhookCreate.example;
  const verify = C.apiKeyVerify.example;

  it.each<[string, z.ZodType, unknown, string]>([
    ['a key without scopes', C.apiKeyCreate.request, { ...key, scopes: [] }, 'scopes'],
    ['a key with an unknown scope', C.apiKeyCreate.request, { ...key, scopes: ['read', 'root'] }, 'scopes.1'],
    ['a key with a repeated scope', C.apiKeyCreate.request, { ...key, scopes: ['read', 'read'] }, 'scopes'],
    ['a key with a blank name', C.apiKeyCreate.request, { ...key, name: '  ' }, 'name'],
    ['a key with a long name', C.apiKeyCreate.request, { ...key, name: 'x'.repeat(65) }, 'name'],
    ['a key without createdBy', C.apiKeyCreate.request, { ...key, createdBy: undefined }, 'createdBy'],
    ['a key created by a name', C.apiKeyCreate.request, { ...key, createdBy: 'alice' }, 'createdBy'],
    [
      'a key created by a malformed key actor',
      C.apiKeyCreate.request,
      { ...key, createdBy: 'apikey:tk_1' },
      'createdBy',
    ],
    ['a key with a spaced requestId', C.apiKeyCreate.request, { ...key, requestId: 'a b' }, 'requestId'],
    [
      'a key with a long requestId',
      C.apiKeyCreate.request,
      { ...key, requestId: 'r'.repeat(49) },
      'requestId',
    ],
    ['a key with no rate', C.apiKeyCreate.request, { ...key, rateLimitPerMinute: 0 }, 'rateLimitPerMinute'],
    [
      'a key with a huge rate',
      C.apiKeyCreate.request,
      { ...key, rateLimitPerMinute: INTEGRATION_LIMITS.rateLimitPerMinuteMax + 1 },
      'rateLimitPerMinute',
    ],
    [
      'a key with a fractional rate',
      C.apiKeyCreate.request,
      { ...key, rateLimitPerMinute: 1.5 },
      'rateLimitPerMinute',
    ],
    ['a key with its own secret', C.apiKeyCreate.request, { ...key, secret: 'x' }, 'secret'],
    ['a verify without a key id', C.apiKeyVerify.request, { secretHash: EX.secretHash }, 'keyId'],
    ['a verify without a hash', C.apiKeyVerify.request, { keyId: EX.keyId }, 'secretHash'],
    // The key itself must never travel on the bus: a gateway that sends it is refused, whatever the field.
    [
      'a verify with the key in place of the hash',
      C.apiKeyVerify.request,
      { ...verify, secretHash: EX.key },
      'secretHash',
    ],
    [
      'a verify with the secret in place of the hash',
      C.apiKeyVerify.request,
      { ...verify, secretHash: parseApiKey(EX.key)!.secret },
      'secretHash',
    ],
    ['a verify with the key as before', C.apiKeyVerify.request, { ...verify, key: EX.key }, 'key'],
    ['a verify with only the key', C.apiKeyVerify.request, { key: EX.key }, 'keyId'],
    [
      'a verify with an upper-case hash',
      C.apiKeyVerify.request,
      { ...verify, secretHash: EX.secretHash.toUpperCase() },
      'secretHash',
    ],
    [
      'a verify with a short hash',
      C.apiKeyVerify.request,
      { ...verify, secretHash: EX.secretHash.slice(1) },
      'secretHash',
    ],
    ['a verify with a key in place of the id', C.apiKeyVerify.request, { ...verify, keyId: EX.key }, 'keyId'],
    [
      'a revoke with a bad key id',
      C.apiKeyRevoke.request,
      { ...C.apiKeyRevoke.example, keyId: 'tk_1' },
      'keyId',
    ],
    [
      'a revoke without revokedBy',
      C.apiKeyRevoke.request,
      { communityId: 'c', keyId: EX.keyId },
      'revokedBy',
    ],
    ['a list with a bad cursor', C.apiKeyList.request, { communityId: 'c', cursor: 'a b' }, 'cursor'],
    ['a webhook over plain http', C.webhookCreate.request, { ...hook, url: 'http://example.com/x' }, 'url'],
    ['a webhook with a relative url', C.webhookCreate.request, { ...hook, url: '/hooks' }, 'url'],
    [
      'a webhook with credentials',
      C.webhookCreate.request,
      { ...hook, url: 'https://a:b@example.com/' },
      'url',
    ],
    ['a webhook to ftp', C.webhookCreate.request, { ...hook, url: 'ftp://example.com/' }, 'url'],
    [
      'a webhook with a long url',
      C.webhookCreate.request,
      { ...hook, url: `https://example.com/${'x'.repeat(2048)}` },
      'url',
    ],
    ['a webhook without event types', C.webhookCreate.request, { ...hook, eventTypes: [] }, 'eventTypes'],
    [
      'a webhook with a command subject',
      C.webhookCreate.request,
      { ...hook, eventTypes: ['tk.cmd.ledger.transfer.create'] },
      'eventTypes.0',
    ],
    [
      'a webhook with a NATS wildcard',
      C.webhookCreate.request,
      { ...hook, eventTypes: ['tk.evt.>'] },
      'eventTypes.0',
    ],
    [
      'a webhook with a mid wildcard',
      C.webhookCreate.request,
      { ...hook, eventTypes: ['tk.evt.*.transfer.posted'] },
      'eventTypes.0',
    ],
    [
      'a webhook with a repeated type',
      C.webhookCreate.request,
      { ...hook, eventTypes: ['tk.evt.ledger.*', 'tk.evt.ledger.*'] },
      'eventTypes',
    ],
    [
      'a webhook with too many types',
      C.webhookCreate.request,
      { ...hook, eventTypes: Array.from({ length: 51 }, (_, i) => `tk.evt.ledger.e${'x'.repeat(i)}.*`) },
      'eventTypes',
    ],
    [
      'deliveries with an unknown status',
      C.webhookDeliveries.request,
      { ...C.webhookDeliveries.example, status: 'lost' },
      'status',
    ],
    [
      'deliveries with a huge limit',
      C.webhookDeliveries.request,
      { ...C.webhookDeliveries.example, limit: 201 },
      'limit',
    ],
    ['enable without a webhook', C.webhookEnable.request, { communityId: 'c' }, 'webhookId'],
    [
      'delete with a bad community',
      C.webhookDelete.request,
      { communityId: 'a b', webhookId: EX.webhookId },
      'communityId',
    ],
  ])('%s', (_name, schema, payload, field) => {
    expect(firstRejectedField(schema, payload)).toBe(field);
  });

  it('accepts https anywhere and plain http to loopback hosts only', () => {
    for (const url of [
      'https://example.com/x',
      'http://127.0.0.1:8080/x',
      'http://localhost/x',
      'http://[::1]:9/',
    ]) {
      expect(() => parseOrThrow(C.webhookCreate.request, { ...hook, url })).not.toThrow();
    }
    expect(firstRejectedField(C.webhookCreate.request, { ...hook, url: 'http://127.0.0.2/x' })).toBe('url');
  });

  it('accepts scopes in any order and CLI operators as actors', () => {
    const request = { ...key, scopes: ['admin', 'transfer', 'reward', 'read'], createdBy: 'cli:ops' };
    expect(() => parseOrThrow(C.apiKeyCreate.request, request)).not.toThrow();
  });

  it('accepts an API key as the actor of a webhook, and reads its key id back', () => {
    const actor = apiKeyActor(EX.keyId);
    expect(actor).toBe(`apikey:${EX.keyId}`);
    expect(() => parseOrThrow(C.webhookCreate.request, { ...hook, createdBy: actor })).not.toThrow();
    expect(apiKeyIdOfActor(actor)).toBe(EX.keyId);
    for (const other of [EX.aliceId, 'cli:ops', `cli:apikey.${EX.keyId}`, 'apikey:', `apikey:${EX.keyId}x`]) {
      expect(apiKeyIdOfActor(other)).toBeNull();
    }
  });

  it('leaves the requestId of apikey.create optional, for callers written before it', () => {
    const { requestId: _requestId, ...withoutId } = key;
    expect(parseOrThrow(C.apiKeyCreate.request, withoutId).requestId).toBeUndefined();
  });
});

describe('parseApiKey, apiKeyProof and eventTypeMatches', () => {
  it('splits a key into its id and secret and refuses anything else', () => {
    const secret = EX.key.slice(-43);
    expect(parseApiKey(`tk_${EX.keyId}_${secret}`)).toEqual({ keyId: EX.keyId, secret });
    for (const bad of [
      '',
      'tk_',
      `tk_${EX.keyId}`,
      `tk_${EX.keyId}_short`,
      `xx_${EX.keyId}_${secret}`,
      `tk_${EX.keyId}_${secret}x`,
      ` tk_${EX.keyId}_${secret}`,
    ]) {
      expect(parseApiKey(bad)).toBeNull();
      expect(apiKeyProof(bad)).toBeNull();
    }
  });

  it('proves a key by its id and the SHA-256 of its secret, which holds neither the key nor the secret', () => {
    const { secret } = parseApiKey(EX.key)!;
    const proof = apiKeyProof(EX.key)!;
    expect(proof.secretHash).toBe(apiKeySecretHash(secret));
    expect(proof.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(proof)).not.toContain(secret);
    expect(() => parseOrThrow(C.apiKeyVerify.request, proof)).not.toThrow();
    // Another secret of the same key id proves nothing about this one.
    expect(apiKeyProof(`tk_${EX.keyId}_${'A'.repeat(43)}`)!.secretHash).not.toBe(proof.secretHash);
  });

  it('matches a type exactly or by a prefix ending in *', () => {
    expect(eventTypeMatches('tk.evt.ledger.transfer.posted', 'tk.evt.ledger.transfer.posted')).toBe(true);
    expect(eventTypeMatches('tk.evt.ledger.transfer.posted', 'tk.evt.ledger.transfer.reversed')).toBe(false);
    expect(eventTypeMatches('tk.evt.ledger.transfer.*', 'tk.evt.ledger.transfer.reversed')).toBe(true);
    expect(eventTypeMatches('tk.evt.ledger.*', 'tk.evt.ledger.supply.minted')).toBe(true);
    expect(eventTypeMatches('tk.evt.ledger.*', 'tk.evt.ledgers.x.y')).toBe(false);
    expect(eventTypeMatches('tk.evt.ledger.transfer.*', 'tk.evt.ledger.transfers.x')).toBe(false);
  });

  it('every example event type pattern names a registered event', () => {
    for (const pattern of C.webhookCreate.example.eventTypes) {
      expect(ALL_EVENTS.some((spec) => eventTypeMatches(pattern, spec.type))).toBe(true);
    }
  });
});

describe('IntegrationEvents', () => {
  const events = Object.entries(IntegrationEvents);

  it.each(events)('%s: example data passes its schema and never carries a secret', (_key, spec) => {
    expect(spec.type).toMatch(/^tk\.evt\.accounts\.(apikey|webhook)\.[a-z]+$/);
    const data = parseOrThrow(spec.data, spec.example) as Record<string, unknown>;
    expect(Object.keys(data)).not.toEqual(expect.arrayContaining(['secret']));
    expect(JSON.stringify(data)).not.toMatch(/whsec_|secretHash|hash/);
    expect(spec.data.safeParse({ ...data, secret: 'x' }).success).toBe(false);
    const address = accountsEventAddress(spec, spec.example);
    expect(address).toEqual({ subject: data['id'], communityId: data['communityId'] });
    expect(
      CloudEventSchema.safeParse({
        specversion: '1.0',
        id: 'x',
        source: 'ticketonomics/accounts',
        type: spec.type,
        time: '2026-11-28T12:00:00.000Z',
        subject: address.subject,
        datacontenttype: 'application/json',
        communityid: address.communityId,
        data,
      }).success,
    ).toBe(true);
  });
});
