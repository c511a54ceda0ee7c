import { apiKeyProof, apiKeySecretHash, parseApiKey } from '@ticketonomics/contracts';
import { waitFor } from '@ticketonomics/testing';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { startAccountsHarness, type AccountsHarness } from './support/accounts.harness';

const S = (verb: string) => `tk.cmd.accounts.${verb}`;
const C = 'guild-keys';
const OTHER = 'guild-other';

describe('API keys over NATS', () => {
  let h: AccountsHarness;
  let alice: any;
  let created: { apiKey: any; secret: string; repeated: boolean };

  /** apikey.verify as a gateway sends it: the key's id and the hash of its secret, never the key. */
  const verify = (key: string) => h.call<any>(S('apikey.verify'), apiKeyProof(key)!);
  const create = (extra: Record<string, unknown> = {}) =>
    h.ok(S('apikey.create'), {
      communityId: C,
      name: 'Game server',
      scopes: ['read', 'transfer'],
      createdBy: alice.id,
      ...extra,
    });

  beforeAll(async () => {
    h = await startAccountsHarness();
    await h.ok(S('community.upsert'), { id: C, title: 'Keys' });
    await h.ok(S('community.upsert'), { id: OTHER, title: 'Other' });
    alice = await h.ok(S('user.upsert'), {
      identity: { provider: 'telegram', externalId: '7001' },
      displayName: 'Alice',
    });
    created = await create({ scopes: ['transfer', 'read'] });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('creates a key shown once, with scopes in a fixed order and the default rate limit', () => {
    const parsed = parseApiKey(created.secret);
    expect(parsed?.keyId).toBe(created.apiKey.id);
    // Made to hash to its community's partition, so apikey.verify goes straight there.
    expect(h.fileOf(created.apiKey.id)).toBe(h.fileOf(C));
    expect(created.apiKey).toMatchObject({
      communityId: C,
      name: 'Game server',
      scopes: ['read', 'transfer'],
      rateLimitPerMinute: 600,
      createdBy: alice.id,
      revokedAt: null,
      lastUsedAt: null,
    });
    expect(created.secret.startsWith(created.apiKey.prefix)).toBe(true);
    expect(created.repeated).toBe(false);
  });

  it('verifies the key: its community, scopes and rate limit; records when it was used', async () => {
    expect(await h.ok(S('apikey.verify'), apiKeyProof(created.secret)!)).toEqual({
      keyId: created.apiKey.id,
      communityId: C,
      scopes: ['read', 'transfer'],
      rateLimitPerMinute: 600,
    });
    const { items } = await h.ok(S('apikey.list'), { communityId: C });
    expect(items.find((key: any) => key.id === created.apiKey.id).lastUsedAt).toEqual(expect.any(String));
  });

  it('refuses unknown ids and wrong hashes alike, as UNAUTHENTICATED invalid', async () => {
    const { keyId, secret } = parseApiKey(created.secret)!;
    const otherSecret = secret.split('').reverse().join('');
    const unknownId = '01KB3A5K7Q2W3E4R5T6Y7Z8A9Z';
    for (const proof of [
      { keyId, secretHash: apiKeySecretHash(otherSecret) },
      { keyId: unknownId, secretHash: apiKeySecretHash(secret) },
      // A hash of the whole key is not the hash of its secret.
      { keyId, secretHash: apiKeySecretHash(created.secret) },
    ]) {
      expect(await h.call(S('apikey.verify'), proof)).toEqual({
        ok: false,
        error: {
          code: 'UNAUTHENTICATED',
          message: 'secretHash: not a valid API key',
          details: { field: 'secretHash', reason: 'invalid' },
        },
      });
    }
  });

  it('refuses the key itself: it must never be sent, so it is never looked at', async () => {
    const { keyId, secret } = parseApiKey(created.secret)!;
    for (const [payload, field] of [
      [{ key: created.secret }, 'keyId'],
      [{ keyId, secretHash: created.secret }, 'secretHash'],
      [{ keyId, secretHash: secret }, 'secretHash'],
      [{ ...apiKeyProof(created.secret), key: created.secret }, 'key'],
    ] as const) {
      const reply = await h.call<any>(S('apikey.verify'), payload);
      expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', details: { field } } });
      expect(JSON.stringify(reply)).not.toContain(secret);
    }
  });

  it('validates scopes, names, rate limits, the community and the creator', async () => {
    const bad = (payload: Record<string, unknown>) =>
      h.call(S('apikey.create'), {
        communityId: C,
        name: 'x',
        scopes: ['read'],
        createdBy: alice.id,
        ...payload,
      });
    expect(await bad({ scopes: [] })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', details: { field: 'scopes' } },
    });
    expect(await bad({ scopes: ['read', 'root'] })).toMatchObject({
      error: { code: 'VALIDATION_FAILED', details: { field: 'scopes.1' } },
    });
    expect(await bad({ rateLimitPerMinute: 1e9 })).toMatchObject({
      error: { details: { field: 'rateLimitPerMinute' } },
    });
    expect(await bad({ communityId: 'nowhere' })).toMatchObject({
      error: { code: 'NOT_FOUND', details: { field: 'communityId' } },
    });
    expect(await bad({ createdBy: '01KB3A5K7Q2W3E4R5T6Y7Z8A9Z' })).toMatchObject({
      error: { code: 'NOT_FOUND', details: { field: 'createdBy' } },
    });
    const byCli = await h.ok(S('apikey.create'), {
      communityId: OTHER,
      name: 'ops',
      scopes: ['admin'],
      createdBy: 'cli:ops',
      rateLimitPerMinute: 5,
    });
    expect(byCli.apiKey).toMatchObject({ createdBy: 'cli:ops', rateLimitPerMinute: 5, scopes: ['admin'] });
  });

  it('revokes a key at once and idempotently; a revoked key is refused as revoked', async () => {
    const other = await create({ name: 'to revoke' });
    expect((await verify(other.secret)).ok).toBe(true);
    const revoked = await h.ok(S('apikey.revoke'), {
      communityId: C,
      keyId: other.apiKey.id,
      revokedBy: alice.id,
    });
    expect(revoked).toMatchObject({
      id: other.apiKey.id,
      revokedAt: expect.any(String),
      revokedBy: alice.id,
    });
    expect(
      await h.ok(S('apikey.revoke'), { communityId: C, keyId: other.apiKey.id, revokedBy: 'cli:late' }),
    ).toEqual(revoked);
    expect(await verify(other.secret)).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED', details: { reason: 'revoked', keyId: other.apiKey.id } },
    });
    expect(
      await h.call(S('apikey.revoke'), { communityId: OTHER, keyId: other.apiKey.id, revokedBy: alice.id }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', details: { field: 'keyId' } },
    });
    const active = await h.ok(S('apikey.list'), { communityId: C });
    expect(active.items.map((key: any) => key.id)).not.toContain(other.apiKey.id);
    const all = await h.ok(S('apikey.list'), { communityId: C, includeRevoked: true });
    expect(all.items.map((key: any) => key.id)).toContain(other.apiKey.id);
  });

  it('creates one key per requestId: a repeat answers that key without its secret', async () => {
    const request = { requestId: 'tg-apikey:-1001:42', name: 'Bot key', scopes: ['reward', 'read'] };
    const first = await create(request);
    expect(first).toMatchObject({ secret: expect.stringMatching(/^tk_/), repeated: false });
    // The secret is never stored, so a repeat cannot show it again; it says so instead.
    const again = await create({ ...request, scopes: ['read', 'reward'], name: ' Bot key ' });
    expect(again).toEqual({ apiKey: first.apiKey, secret: null, repeated: true });
    const racing = await Promise.all([1, 2, 3].map(() => create(request)));
    expect(racing.map((reply) => reply.apiKey.id)).toEqual([1, 2, 3].map(() => first.apiKey.id));
    const { items } = await h.ok(S('apikey.list'), { communityId: C, includeRevoked: true });
    expect(items.filter((key: any) => key.name === 'Bot key')).toHaveLength(1);

    // The same id with other content is refused, naming what differs; nothing is created.
    expect(
      await h.call(S('apikey.create'), { ...request, communityId: C, createdBy: alice.id, scopes: ['read'] }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'IDEMPOTENCY_CONFLICT',
        details: { field: 'scopes', requestId: request.requestId, keyId: first.apiKey.id },
      },
    });
    // Request ids are per community.
    const elsewhere = await h.ok(S('apikey.create'), {
      ...request,
      communityId: OTHER,
      createdBy: 'cli:ops',
    });
    expect(elsewhere).toMatchObject({ repeated: false, apiKey: { communityId: OTHER } });
    expect(elsewhere.apiKey.id).not.toBe(first.apiKey.id);

    // A repeat after a revocation answers the key as it is now.
    await h.ok(S('apikey.revoke'), { communityId: C, keyId: first.apiKey.id, revokedBy: alice.id });
    expect(await create(request)).toMatchObject({
      secret: null,
      repeated: true,
      apiKey: { id: first.apiKey.id, revokedAt: expect.any(String) },
    });
  });

  it('records an API key as the actor of what it creates: an active key of the same community only', async () => {
    const actorKey = await create({ name: 'integration', scopes: ['admin'] });
    const actor = `apikey:${actorKey.apiKey.id}`;
    const hook = (communityId: string, createdBy: string) =>
      h.call<any>(S('webhook.create'), {
        communityId,
        url: 'https://example.com/hooks',
        eventTypes: ['tk.evt.ledger.policy.*'],
        createdBy,
      });
    const made = await hook(C, actor);
    expect(made).toMatchObject({ ok: true, data: { webhook: { createdBy: actor } } });
    const webhookId = made.ok ? made.data.webhook.id : '';
    await h.ok(S('webhook.delete'), { communityId: C, webhookId });

    // Another community's key is not known there; an unknown key id neither.
    expect(await hook(OTHER, actor)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', details: { field: 'createdBy', keyId: actorKey.apiKey.id } },
    });
    expect(await hook(C, 'apikey:01KB3A5K7Q2W3E4R5T6Y7Z8A9Z')).toMatchObject({
      error: { code: 'NOT_FOUND', details: { field: 'createdBy' } },
    });
    // The same checks guard the key commands' own actors.
    expect(await create({ name: 'made by a key', createdBy: actor })).toMatchObject({
      apiKey: { createdBy: actor },
    });
    await h.ok(S('apikey.revoke'), { communityId: C, keyId: actorKey.apiKey.id, revokedBy: actor });
    expect(await hook(C, actor)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', details: { field: 'createdBy', reason: 'revoked' } },
    });
  });

  it('lists newest first, a page at a time', async () => {
    for (let i = 0; i < 3; i += 1) await create({ name: `page ${i}` });
    const first = await h.ok(S('apikey.list'), { communityId: C, includeRevoked: true, limit: 2 });
    const second = await h.ok(S('apikey.list'), {
      communityId: C,
      includeRevoked: true,
      limit: 2,
      cursor: first.nextCursor,
    });
    const ids = [...first.items, ...second.items].map((key: any) => key.id);
    expect(ids).toEqual([...ids].sort().reverse());
    expect(first.items[0].name).toBe('page 2');
    expect(new Set(ids).size).toBe(4);
  });

  it('keeps only the hash of the secret: never in the store, the list or the events', async () => {
    const { secret } = parseApiKey(created.secret)!;
    const list = JSON.stringify(await h.ok(S('apikey.list'), { communityId: C, includeRevoked: true }));
    expect(list).not.toContain(secret);
    const hash = createHash('sha256').update(secret).digest('hex');
    expect(list).not.toContain(hash);

    const file = join(h.dataDir, h.fileOf(C));
    const db = new Database(file, { readonly: true });
    const row = db.prepare('SELECT * FROM api_keys WHERE id = ?').get(created.apiKey.id) as Record<
      string,
      unknown
    >;
    db.close();
    expect(row['secret_hash']).toBe(hash);
    expect(Object.values(row)).not.toContain(secret);
    for (const path of [file, `${file}-wal`]) {
      if (existsSync(path)) expect(readFileSync(path).includes(secret)).toBe(false);
    }

    // The relay publishes after the commit: wait until the 10 keys made here and the 3 revocations are in
    // the stream (repeated requestIds made none).
    const events = await waitFor(async () => {
      const found = (await h.streamEvents()).filter((event) =>
        event.subject.startsWith('tk.evt.accounts.apikey.'),
      );
      return found.length >= 13 ? found : undefined;
    });
    expect(events.map((event) => event.subject)).toEqual(
      expect.arrayContaining(['tk.evt.accounts.apikey.created', 'tk.evt.accounts.apikey.revoked']),
    );
    const created1 = events.find((event) => event.data.subject === created.apiKey.id)!;
    expect(created1.data).toMatchObject({
      communityid: C,
      data: { id: created.apiKey.id, prefix: created.apiKey.prefix },
    });
    const text = JSON.stringify(events);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(hash);
  });
});

describe('the apikey CLI', () => {
  let h: AccountsHarness;
  const script = join(__dirname, '..', '..', '..', 'infra', 'scripts', 'apikey.mjs');

  const cli = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [script, ...args],
        {
          env: {
            ...process.env,
            NATS_URL: h.nats.url,
            NATS_CREDENTIALS_FILE: h.nats.credentialsFile('operator'),
          },
          timeout: 20_000,
        },
        (error, stdout, stderr) =>
          resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }),
      );
    });

  beforeAll(async () => {
    h = await startAccountsHarness();
    await h.ok(S('community.upsert'), { id: C, title: 'Keys' });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('creates, lists and revokes keys as an operator', async () => {
    const created = await cli(
      'create',
      '--community',
      C,
      '--name',
      'Shop bot',
      '--scopes',
      'read,reward',
      '--by',
      'ops',
    );
    expect(created).toMatchObject({ code: 0, stderr: '' });
    const key = created.stdout.trim().split('\n').at(-1)!;
    const keyId = parseApiKey(key)!.keyId;
    expect(await h.ok(S('apikey.verify'), apiKeyProof(key)!)).toMatchObject({
      keyId,
      scopes: ['read', 'reward'],
    });

    const listed = await cli('list', '--community', C);
    expect(listed.stdout).toContain(keyId);
    expect(listed.stdout).toContain('created');
    expect(listed.stdout).not.toContain(key);

    const revoked = await cli('revoke', '--community', C, '--key', keyId, '--by', 'ops');
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain('revoked');
    expect(await h.call(S('apikey.verify'), apiKeyProof(key)!)).toMatchObject({
      ok: false,
      error: { details: { reason: 'revoked' } },
    });
    expect((await cli('list', '--community', C)).stdout).toBe('no keys\n');
  });

  it('sends --request-id, so a create run twice makes one key and prints no secret the second time', async () => {
    const create = () =>
      cli(
        'create',
        '--community',
        C,
        '--name',
        'Provisioned',
        '--scopes',
        'read',
        '--request-id',
        'deploy-7',
      );
    const first = await create();
    expect(first).toMatchObject({ code: 0, stderr: '' });
    const key = first.stdout.trim().split('\n').at(-1)!;
    const keyId = parseApiKey(key)!.keyId;
    const again = await create();
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(keyId);
    expect(again.stdout).toContain('already created with this --request-id');
    expect(again.stdout).not.toContain(key);
    const other = await cli(
      'create',
      '--community',
      C,
      '--name',
      'Other',
      '--scopes',
      'read',
      '--request-id',
      'deploy-7',
    );
    expect(other).toMatchObject({ code: 1, stderr: expect.stringContaining('IDEMPOTENCY_CONFLICT') });
    expect(
      await cli('create', '--community', C, '--name', 'x', '--scopes', 'read', '--request-id', 'no spaces'),
    ).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('VALIDATION_FAILED: requestId'),
    });
    await h.ok(S('apikey.revoke'), { communityId: C, keyId, revokedBy: 'cli:test' });
  });

  it('says what is wrong: bad usage exits 2, a refused request 1', async () => {
    expect(await cli('create', '--community', C)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--name is required'),
    });
    expect(await cli('frobnicate', '--community', C)).toMatchObject({ code: 2 });
    const refused = await cli('create', '--community', C, '--name', 'x', '--scopes', 'read,root');
    expect(refused).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('VALIDATION_FAILED: scopes.1'),
    });
  });
});
