import {
  ACCOUNTS_EXAMPLE_ORDER,
  ACCOUNTS_INTEGRATIONS_EXAMPLE_ORDER,
  AccountsCommands,
  AccountsIntegrationCommands,
  apiKeyProof,
  parseOrThrow,
} from '@ticketonomics/contracts';
import { startAccountsHarness, type AccountsHarness } from './support/accounts.harness';

/**
 * The examples published in libs/contracts (and so in docs/asyncapi.yaml) must work as written against a
 * fresh accounts service, in ACCOUNTS_EXAMPLE_ORDER, and each reply must match the command's response schema.
 */
describe('documented accounts examples against a fresh service', () => {
  let h: AccountsHarness;

  beforeAll(async () => {
    h = await startAccountsHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  it('every command example succeeds in order and its reply matches the response schema', async () => {
    const covered = new Set<string>();
    const data: Record<string, any> = {};
    for (const name of ACCOUNTS_EXAMPLE_ORDER) {
      const command = AccountsCommands[name];
      // The service makes link codes, so the example's stand-in is replaced by the one it made.
      const payload =
        name === 'linkCodeRedeem'
          ? { ...command.example, code: data['linkCodeCreate'].code }
          : command.example;
      const reply = await h.call(command.subject, payload);
      expect({ name, reply }).toMatchObject({ name, reply: { ok: true } });
      if (reply.ok) expect(() => parseOrThrow(command.response, reply.data)).not.toThrow();
      if (reply.ok) data[name] = reply.data;
      covered.add(name);
    }
    expect([...covered].sort()).toEqual(Object.keys(AccountsCommands).sort());
    // The walkthrough tells one story: alice is created, linked, joins, links a game with a code, becomes
    // admin, is listed, leaves.
    expect(data['userFind'].id).toBe(data['userUpsert'].id);
    expect(data['identityLink'].identities).toHaveLength(2);
    expect(data['userLookup'].id).toBe(data['userUpsert'].id);
    expect(data['linkCodeRedeem'].identities).toHaveLength(3);
    expect(data['membershipList'].items).toEqual([data['membershipGet']]);
    expect(data['membershipLeave']).toMatchObject({ status: 'left', role: 'admin' });
  });

  it('then every integrations example succeeds in order, with the ids and key hash the creates returned', async () => {
    const made: { keyId?: string; secretHash?: string; webhookId?: string } = {};
    for (const name of ACCOUNTS_INTEGRATIONS_EXAMPLE_ORDER) {
      const command = AccountsIntegrationCommands[name];
      // The service makes ids and keys, so the example's stand-ins are replaced by the real ones.
      const payload = { ...(command.example as Record<string, unknown>) };
      for (const field of ['keyId', 'secretHash', 'webhookId'] as const) {
        if (field in payload) payload[field] = made[field];
      }
      const reply = await h.call<any>(command.subject, payload);
      expect({ name, reply }).toMatchObject({ name, reply: { ok: true } });
      if (!reply.ok) continue;
      expect(() => parseOrThrow(command.response, reply.data)).not.toThrow();
      if (name === 'apiKeyCreate') Object.assign(made, apiKeyProof(reply.data.secret));
      if (name === 'webhookCreate') made.webhookId = reply.data.webhook.id;
    }
    expect(made.keyId).toBeDefined();
    expect(made.webhookId).toBeDefined();
  });
});
