import { AccountsCommands, ApiKeyCommands, LedgerCommands, type ApiKeyScope } from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import {
  makeTempDir,
  removeDir,
  spawnBackendService,
  startNatsServer,
  waitFor,
  type NatsServerHarness,
} from '@ticketonomics/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import { join } from 'node:path';
import pino from 'pino';
import { startApiGateway, type RunningApiGateway } from '../../src/api-gateway.app';
import { ApiGatewayConfigSchema } from '../../src/config/api-gateway.config';

type Backend = 'ledger' | 'accounts' | 'artifacts' | 'analytics' | 'governance';

export interface ApiHarnessOptions {
  /** Built services to run besides ledger and accounts. */
  extra?: Backend[];
  /** Gateway environment over the harness's own. */
  env?: Record<string, string>;
}

export interface HttpReply {
  status: number;
  headers: Headers;
  body: any;
}

export interface RequestOptions {
  key?: string;
  body?: unknown;
  /** A raw body, sent as is (for malformed JSON). */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface Member {
  name: string;
  userId: string;
  accountId: string;
}

export interface ApiHarness {
  nats: NatsServerHarness;
  gateway: RunningApiGateway;
  baseUrl: string;
  wsUrl: string;
  client: CommandClient;
  nc: NatsConnection;
  request(method: string, path: string, options?: RequestOptions): Promise<HttpReply>;
  /** A community with members (each a user with its identity game:<community>-<name>, joined, with an open ledger account). */
  community(communityId: string, names: string[]): Promise<Record<string, Member>>;
  /** A new API key of the community, created as an operator would with the CLI. */
  createKey(
    communityId: string,
    scopes: ApiKeyScope[],
    rateLimitPerMinute?: number,
  ): Promise<{ key: string; keyId: string }>;
  mint(accountId: string, amount: number): Promise<void>;
  balanceOf(accountId: string): Promise<number>;
  close(): Promise<void>;
}

const BACKEND_ENV: Partial<Record<Backend, Record<string, string>>> = {
  // The webhook routes' test registers a receiver on 127.0.0.1, which accounts refuses by default.
  accounts: { WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true' },
  // Votes of a second end within a test's patience.
  governance: { GOVERNANCE_TICK_INTERVAL_MS: '100' },
};

/**
 * nats-server, the built ledger and accounts (and artifacts, analytics, governance when asked) as processes from
 * dist/ (services never import each other: run `npm run build` first), and the gateway in-process.
 */
export async function startApiHarness(options: ApiHarnessOptions = {}): Promise<ApiHarness> {
  const nats = await startNatsServer();
  const dataDir = await makeTempDir('api-gateway-test-');
  const names: Backend[] = ['ledger', 'accounts', ...(options.extra ?? [])];
  const backends = await Promise.all(
    names.map((name) =>
      spawnBackendService({
        name,
        nats,
        dataDir,
        env: BACKEND_ENV[name] ?? {},
      }),
    ),
  );
  const config = ApiGatewayConfigSchema.parse({
    ...nats.serviceEnv('api-gateway'),
    DATA_DIR: join(dataDir, 'api-gateway'),
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  // A failure from here on (a connection timing out on a busy machine) must not leave the processes above
  // running: they would keep the test run from exiting.
  const abandon = async (error: unknown): Promise<never> => {
    await Promise.all(backends.map((backend) => backend.process.stop().catch(() => undefined)));
    await nats.dispose().catch(() => undefined);
    await removeDir(dataDir).catch(() => undefined);
    throw error;
  };
  const gateway = await startApiGateway(config, logger).catch(abandon);
  const nc = await nats.connect().catch(async (error: unknown) => {
    await gateway.close().catch(() => undefined);
    return abandon(error);
  });
  const client = new CommandClient(nc, { timeoutMs: 10_000 });
  const baseUrl = `http://127.0.0.1:${gateway.httpPort}`;

  return {
    nats,
    gateway,
    baseUrl,
    wsUrl: `ws://127.0.0.1:${gateway.httpPort}`,
    client,
    nc,
    async request(method, path, requestOptions = {}) {
      const headers: Record<string, string> = { ...requestOptions.headers };
      if (requestOptions.key !== undefined) headers['Authorization'] = `Bearer ${requestOptions.key}`;
      let body: string | undefined = requestOptions.rawBody;
      if (requestOptions.body !== undefined) body = JSON.stringify(requestOptions.body);
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Not JSON (the docs page): kept as text.
      }
      return { status: response.status, headers: response.headers, body: parsed };
    },
    async community(communityId, memberNames) {
      await client.request(AccountsCommands.communityUpsert, {
        id: communityId,
        title: `Community ${communityId}`,
      });
      const members: Record<string, Member> = {};
      for (const name of memberNames) {
        const user = await client.request(AccountsCommands.userUpsert, {
          identity: { provider: 'game', externalId: `${communityId}-${name}`, communityId },
          displayName: name,
        });
        await client.request(AccountsCommands.membershipJoin, { communityId, userId: user.id });
        const accountId = `user:${communityId}:${user.id}`;
        // The ledger opens the account from membership.joined, asynchronously.
        await waitFor(
          async () =>
            (await client.request(LedgerCommands.accountGet, { accountId }).then(() => true)) || false,
          { timeoutMs: 10_000, description: `ledger account ${accountId}` },
        );
        members[name] = { name, userId: user.id, accountId };
      }
      return members;
    },
    async createKey(communityId, scopes, rateLimitPerMinute) {
      const created = await client.request(ApiKeyCommands.apiKeyCreate, {
        communityId,
        name: `test ${scopes.join('+')}`,
        scopes,
        createdBy: 'cli:test',
        ...(rateLimitPerMinute !== undefined ? { rateLimitPerMinute } : {}),
      });
      // Only a repeated requestId answers without the secret, and none is given here.
      if (created.secret === null) throw new Error('apikey.create answered no secret');
      return { key: created.secret, keyId: created.apiKey.id };
    },
    async mint(accountId, amount) {
      await client.request(LedgerCommands.supplyMint, {
        id: `test-mint-${accountId.replace(/[^A-Za-z0-9_-]/g, '-')}-${Date.now()}-${Math.random().toString(36).slice(2)}`.slice(
          0,
          128,
        ),
        accountId,
        amount,
      });
    },
    async balanceOf(accountId) {
      return (await client.request(LedgerCommands.balanceGet, { accountId })).balance;
    },
    async close() {
      await gateway.close().catch(() => undefined);
      await nc.close().catch(() => undefined);
      await Promise.all(backends.map((backend) => backend.process.stop()));
      await nats.dispose();
      await removeDir(dataDir);
    },
  };
}
