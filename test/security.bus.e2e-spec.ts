/**
 * The bus attacked from outside, against the system as `npm start` runs it: a client with no or unknown
 * credentials, a read-only tool, and services' credentials used beyond their role. Every attempt is refused
 * by NATS's authorization, nothing changes in any store, and every service stays up.
 */
import { readBusCredentials } from '@ticketonomics/bus-auth';
import {
  AccountsCommands,
  AnalyticsCommands,
  ApiKeyCommands,
  AUDIT_STREAM,
  EVENT_STREAM,
  LedgerCommands,
  WebhookCommands,
  type CommandSpec,
} from '@ticketonomics/contracts';
import { isJetStreamError, JS_ERROR_CODES } from '@ticketonomics/messaging';
import { busRefusal, findRepoRoot, waitFor } from '@ticketonomics/testing';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection, nkeyAuthenticator, type Subscription } from '@nats-io/transport-node';
import { createUser } from '@nats-io/nkeys';
import { startSystem, SYSTEM_SERVICES, type RunningSystem } from './support/system.harness';

const REQUEST_TIMEOUT_MS = 5_000;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

async function call(nc: NatsConnection, spec: CommandSpec, payload: unknown) {
  const msg = await nc.request(spec.subject, encoder.encode(JSON.stringify(payload)), {
    timeout: REQUEST_TIMEOUT_MS,
  });
  return JSON.parse(decoder.decode(msg.data)) as { ok: boolean; data?: unknown; error?: { code: string } };
}

async function ok<T = any>(nc: NatsConnection, spec: CommandSpec, payload: unknown): Promise<T> {
  const reply = await call(nc, spec, payload);
  if (!reply.ok) throw new Error(`${spec.subject}: ${JSON.stringify(reply.error)}`);
  return reply.data as T;
}

/** Resolves with the error that ends a subscription the server refuses. */
async function subscriptionError(sub: Subscription): Promise<string> {
  try {
    for await (const _ of sub) {
      return 'received a message';
    }
    return 'closed without an error';
  } catch (error) {
    return String(error);
  }
}

describe('the NATS bus against outsiders (as npm start runs it)', () => {
  let system: RunningSystem;
  let operator: NatsConnection;
  let tool: NatsConnection;
  let before: Awaited<ReturnType<typeof snapshot>>;
  let community: string;

  /** What an attack could change: the event stream, money, keys and webhooks. */
  const snapshot = async () => {
    const jsm = await jetstreamManager(operator);
    const stream = await jsm.streams.info(EVENT_STREAM);
    return {
      streamMessages: stream.state.messages,
      streamMaxAge: stream.config.max_age,
      supply: await ok(operator, LedgerCommands.supplyGet, { communityId: community }),
      intruders: (await call(operator, LedgerCommands.supplyGet, { communityId: 'intruders' })).ok,
      journal: await ok(operator, LedgerCommands.journalVerify, {}),
      keys: await ok(operator, ApiKeyCommands.apiKeyList, { communityId: community, includeRevoked: true }),
      webhooks: await ok(operator, WebhookCommands.webhookList, { communityId: community }),
    };
  };

  beforeAll(async () => {
    system = await startSystem();
    operator = await system.connect();
    const created = await ok<{ id: string }>(operator, AccountsCommands.communityUpsert, {
      telegramChatId: '-100123',
      title: 'Guild',
    });
    community = created.id;
    await waitFor(
      async () => (await call(operator, LedgerCommands.supplyGet, { communityId: community })).ok,
      {
        timeoutMs: 20_000,
        description: 'the ledger to open the community from its event',
      },
    );
    const added = await system.runScript('nats-user', ['add', 'tools', 'reporting']);
    expect({ code: added.code, stderr: added.stderr }).toEqual({ code: 0, stderr: '' });
    expect(added.stdout).toContain('tools-reporting');
    tool = await system.connect('tools-reporting');
    before = await snapshot();
  }, 180_000);

  afterAll(async () => {
    await tool?.close().catch(() => undefined);
    await operator?.close().catch(() => undefined);
    await system?.stop();
  });

  it('refuses a client without credentials, and one whose key the server does not know', async () => {
    expect(await busRefusal(connect({ servers: system.natsUrl, reconnect: false }))).toBe(
      'authorization-violation',
    );
    const stranger = createUser().getSeed();
    expect(
      await busRefusal(
        connect({ servers: system.natsUrl, reconnect: false, authenticator: nkeyAuthenticator(stranger) }),
      ),
    ).toBe('authorization-violation');
  });

  it.each([
    ['open an account', LedgerCommands.accountOpen, { accountId: 'user:intruders:mallory' }],
    [
      'mint',
      LedgerCommands.supplyMint,
      { id: 'steal-1', accountId: 'user:intruders:mallory', amount: 1_000_000 },
    ],
    ['create an admin API key', ApiKeyCommands.apiKeyCreate, ApiKeyCommands.apiKeyCreate.example],
    ['register a webhook', WebhookCommands.webhookCreate, WebhookCommands.webhookCreate.example],
    ['pay', LedgerCommands.transferCreate, LedgerCommands.transferCreate.example],
    ['change the economy', LedgerCommands.policySet, LedgerCommands.policySet.example],
    ['verify API keys', ApiKeyCommands.apiKeyVerify, ApiKeyCommands.apiKeyVerify.example],
    ['rebuild analytics', AnalyticsCommands.rebuildStart, {}],
  ])('refuses a read-only tool to %s', async (_what, spec, payload) => {
    expect(await busRefusal(call(tool, spec, payload))).toBe('permissions-violation');
  });

  it('lets a read-only tool read balances, supply and analytics, and follow events on its own consumer', async () => {
    expect(await call(tool, LedgerCommands.supplyGet, { communityId: community })).toMatchObject({
      ok: true,
    });
    expect(await call(tool, AnalyticsCommands.overviewGet, { communityId: community })).toHaveProperty('ok');
    const consumer = await jetstream(tool).consumers.get(EVENT_STREAM, 'tools-reporting');
    const message = await consumer.next({ expires: REQUEST_TIMEOUT_MS });
    expect(message?.subject).toMatch(/^tk\.evt\./);
    message?.ack();
  });

  it('keeps replies and commands private: no one reads another inbox or listens on a command subject', async () => {
    for (const subject of [
      '_INBOX.>',
      '_INBOX.operator.>',
      ApiKeyCommands.apiKeyVerify.subject,
      'tk.cmd.>',
    ]) {
      const error = await subscriptionError(tool.subscribe(subject));
      expect(error).toMatch(/Permissions Violation for Subscription/);
    }
    const gateway = await system.connect('api-gateway');
    try {
      expect(await subscriptionError(gateway.subscribe('_INBOX.>'))).toMatch(/Permissions Violation/);
      expect(await subscriptionError(gateway.subscribe(ApiKeyCommands.apiKeyVerify.subject))).toMatch(
        /Permissions Violation/,
      );
    } finally {
      await gateway.close();
    }
  });

  it("lets a service answer only its callers' inboxes: a forged reply to anyone else is refused", async () => {
    /** `from` publishes on `to`'s inbox: what the server said to `from`, and whether `to` got it. */
    const forgeReply = async (from: string, to: string) => {
      const sender = from === 'tools-reporting' ? tool : await system.connect(from);
      const receiver = await system.connect(to);
      const errors: string[] = [];
      const watching = (async () => {
        for await (const status of sender.status())
          if (status.type === 'error') errors.push(String(status.error));
      })();
      try {
        const inbox = `_INBOX.${to}.forged`;
        const sub = receiver.subscribe(inbox, { max: 1 });
        await receiver.flush();
        sender.publish(inbox, encoder.encode('{"ok":true,"data":"forged"}'));
        await sender.flush();
        await receiver.flush();
        await waitFor(async () => errors.length > 0, { timeoutMs: 5_000, description: 'the refusal' });
        const received = sub.getReceived();
        sub.unsubscribe();
        return { refused: errors.some((e) => /Permissions Violation for Publish/.test(e)), received };
      } finally {
        await receiver.close();
        if (sender !== tool) await sender.close();
        void watching;
      }
    };
    // The ledger never asks analytics anything; the api-gateway answers no one; a tool answers no one.
    expect(await forgeReply('analytics', 'ledger')).toEqual({ refused: true, received: 0 });
    expect(await forgeReply('api-gateway', 'telegram-gateway')).toEqual({ refused: true, received: 0 });
    expect(await forgeReply('tools-reporting', 'api-gateway')).toEqual({ refused: true, received: 0 });
  });

  it('refuses forged events: a reward published by a tool, or by a service that does not own it', async () => {
    const forged = encoder.encode(
      JSON.stringify({ specversion: '1.0', type: 'tk.evt.accounts.activity.rewarded' }),
    );
    expect(await busRefusal(jetstream(tool).publish('tk.evt.accounts.activity.rewarded', forged))).toBe(
      'permissions-violation',
    );
    const ledger = await system.connect('ledger');
    try {
      expect(await busRefusal(jetstream(ledger).publish('tk.evt.accounts.activity.rewarded', forged))).toBe(
        'permissions-violation',
      );
    } finally {
      await ledger.close();
    }
  });

  it('refuses to destroy or reshape streams and buckets, and push consumers, to tools and services', async () => {
    for (const user of ['tools-reporting', 'analytics', 'ledger', 'api-gateway']) {
      const nc = user === 'tools-reporting' ? tool : await system.connect(user);
      try {
        const jsm = await jetstreamManager(nc);
        expect(await busRefusal(jsm.streams.purge(EVENT_STREAM))).toBe('permissions-violation');
        expect(await busRefusal(jsm.streams.delete(EVENT_STREAM))).toBe('permissions-violation');
        expect(await busRefusal(jsm.streams.update(EVENT_STREAM, { max_age: 1_000_000_000 }))).toBe(
          'permissions-violation',
        );
        expect(await busRefusal(jsm.streams.delete('KV_tk_api_rate'))).toBe('permissions-violation');
        if (user !== 'api-gateway') {
          expect(await busRefusal(jsm.streams.purge(AUDIT_STREAM))).toBe('permissions-violation');
        }
        if (user === 'tools-reporting' || user === 'ledger') {
          expect(
            await busRefusal(
              jsm.consumers.add(EVENT_STREAM, {
                durable_name: `push-${user}`,
                deliver_subject: LedgerCommands.supplyMint.subject,
                ack_policy: AckPolicy.None,
              }),
            ),
          ).toBe('permissions-violation');
        }
      } finally {
        if (nc !== tool) await nc.close();
      }
    }
  });

  it('gives services only what their role uses: analytics, artifacts and governance cannot mint, nobody answers for another', async () => {
    for (const user of ['analytics', 'artifacts', 'governance']) {
      const nc = await system.connect(user);
      try {
        expect(await busRefusal(call(nc, LedgerCommands.supplyMint, LedgerCommands.supplyMint.example))).toBe(
          'permissions-violation',
        );
      } finally {
        await nc.close();
      }
    }
    const artifacts = await system.connect('artifacts');
    try {
      const error = await subscriptionError(artifacts.subscribe(LedgerCommands.supplyMint.subject));
      expect(error).toMatch(/Permissions Violation/);
    } finally {
      await artifacts.close();
    }
    // Governance changes the economy only through the policy and settings commands its role names.
    const governance = await system.connect('governance');
    try {
      expect(
        await busRefusal(
          call(governance, AccountsCommands.membershipRole, AccountsCommands.membershipRole.example),
        ),
      ).toBe('permissions-violation');
    } finally {
      await governance.close();
    }
  });

  it('changed nothing, and every service is still up', async () => {
    expect(await snapshot()).toEqual(before);
    expect(before.intruders).toBe(false);
    expect(Object.values(await system.readiness())).toEqual(SYSTEM_SERVICES.map(() => 200));
  });

  it("the read-only tool example of docs/operators.md follows events and reads a supply with a tool's credentials", async () => {
    const output = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [join(findRepoRoot(), 'docs', 'examples', 'tools-reader.mjs'), community, '2'],
        {
          cwd: findRepoRoot(),
          env: {
            ...process.env,
            NATS_URL: system.natsUrl,
            NATS_CREDENTIALS_FILE: join(system.credentialsDir, 'tools-reporting.creds'),
          },
          timeout: 20_000,
        },
        (error, stdout, stderr) =>
          resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }),
      );
    });
    expect(output).toMatchObject({ code: 0, stderr: '' });
    expect(output.stdout).toMatch(/^supply \{"ok":true/m);
    expect(output.stdout.match(/^event tk\.evt\./gm)).toHaveLength(2);
  });

  it('revoking a tool closes its connection and refuses it from then on, with no restart', async () => {
    const doomed = await system.connect('tools-reporting', { reconnect: false });
    const seed = readBusCredentials(join(system.credentialsDir, 'tools-reporting.creds')).seed;
    const revoked = await system.runScript('nats-user', ['revoke', 'tools-reporting']);
    expect(revoked).toMatchObject({ code: 0 });
    expect(revoked.stdout).toContain('reloaded the NATS server');
    // Closed by the server, not by this test: the reload dropped the user.
    await doomed.closed();
    expect(doomed.isClosed()).toBe(true);
    expect(
      await busRefusal(
        connect({
          servers: system.natsUrl,
          reconnect: false,
          authenticator: nkeyAuthenticator(encoder.encode(seed)),
        }),
      ),
    ).toBe('authorization-violation');
    const jsm = await jetstreamManager(operator);
    const gone = await jsm.consumers.info(EVENT_STREAM, 'tools-reporting').catch((error: unknown) => error);
    expect(isJetStreamError(gone, JS_ERROR_CODES.consumerNotFound)).toBe(true);
    expect(Object.values(await system.readiness())).toEqual(SYSTEM_SERVICES.map(() => 200));
  });

  it("rotating a service's secret: the service signs in again with the new one, the old one is refused", async () => {
    const file = join(system.credentialsDir, 'ledger.creds');
    const old = readBusCredentials(file);
    const oldFile = join(system.dataDir, 'old-ledger.creds');
    writeFileSync(
      oldFile,
      `user: ledger\nrole: ledger\ninbox_prefix: ${old.inboxPrefix}\nseed: ${old.seed}\n`,
    );
    const rotated = await system.runScript('nats-user', ['rotate', 'ledger']);
    expect(rotated).toMatchObject({ code: 0 });
    expect(readBusCredentials(file).seed).not.toBe(old.seed);
    expect(
      await busRefusal(
        connect({
          servers: system.natsUrl,
          reconnect: false,
          authenticator: nkeyAuthenticator(encoder.encode(old.seed)),
        }),
      ),
    ).toBe('authorization-violation');
    await waitFor(
      async () => (await call(operator, LedgerCommands.supplyGet, { communityId: community })).ok,
      {
        timeoutMs: 30_000,
        description: 'the ledger to answer again with its new secret',
      },
    );
  });
});
