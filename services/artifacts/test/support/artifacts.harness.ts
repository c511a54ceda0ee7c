import {
  ArtifactsCommands,
  LedgerCommands,
  ledgerAccountId,
  type CommandRequest,
  type CommandResponse,
  type CommandSpec,
  type Reply,
} from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import {
  makeTempDir,
  removeDir,
  spawnBackendService,
  type BackendService,
  startNatsServer,
  waitFor,
  type NatsServerHarness,
} from '@ticketonomics/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import { join } from 'node:path';
import pino from 'pino';
import { startArtifacts, type RunningArtifacts } from '../../src/artifacts.app';
import { ArtifactsConfigSchema } from '../../src/config/artifacts.config';

export const A = ArtifactsCommands;
export const L = LedgerCommands;

/** Short intervals so recovery and expiry happen within a test's patience. */
export const TEST_ARTIFACTS_ENV: Record<string, string> = {
  ARTIFACTS_SAGA_INTERVAL_MS: '200',
  ARTIFACTS_SAGA_GRACE_MS: '300',
  ARTIFACTS_SAGA_BACKOFF_MS: '100',
  ARTIFACTS_SAGA_BACKOFF_MAX_MS: '500',
  ARTIFACTS_LEDGER_TIMEOUT_MS: '2000',
  ARTIFACTS_TRADE_EXPIRY_INTERVAL_MS: '100',
};

export interface ArtifactsSystem {
  nats: NatsServerHarness;
  /** Holds ledger/ and artifacts/, each service's DATA_DIR. */
  dataDir: string;
  nc: NatsConnection;
  client: CommandClient;
  ledger: BackendService;
  /** The artifacts process, when spawned (spawnArtifacts: true). */
  artifactsProcess: BackendService | null;
  call<C extends CommandSpec>(
    command: C,
    payload: unknown,
    timeoutMs?: number,
  ): Promise<Reply<CommandResponse<C>>>;
  callRaw(subject: string, body: Uint8Array): Promise<Reply<unknown>>;
  ok<C extends CommandSpec>(command: C, payload: CommandRequest<C>): Promise<CommandResponse<C>>;
  /** Open members' ledger accounts in the community and mint them `amount` tickets each. */
  fund(communityId: string, members: string[], amount: number): Promise<void>;
  balance(communityId: string, memberId: string): Promise<{ balance: number; pendingDebits: number }>;
  /** The ledger's view of the community: balances sum to zero, no hold left open, journal intact. */
  ledgerSettled(communityId: string): Promise<{ sum: number; openHolds: number; verified: boolean }>;
  close(): Promise<void>;
}

export interface SystemOptions {
  /** Run artifacts as a built process (for kill tests) instead of in-process. */
  spawnArtifacts?: boolean;
  artifactsEnv?: Record<string, string>;
}

/**
 * nats-server, the built ledger as a process (services never import each other: run `npm run build`
 * first), and the artifacts service in-process or as a process, with a plain client.
 */
export async function startArtifactsSystem(options: SystemOptions = {}): Promise<ArtifactsSystem> {
  const nats = await startNatsServer();
  const dataDir = await makeTempDir('artifacts-test-');
  const artifactsEnv = { ...nats.serviceEnv('artifacts'), ...TEST_ARTIFACTS_ENV, ...options.artifactsEnv };
  const [ledger, artifactsProcess] = await Promise.all([
    spawnBackendService({ name: 'ledger', nats, dataDir }),
    options.spawnArtifacts
      ? spawnBackendService({ name: 'artifacts', nats, dataDir, env: artifactsEnv })
      : Promise.resolve(null),
  ]);
  let inProcess: RunningArtifacts | null = null;
  if (artifactsProcess === null) {
    const config = ArtifactsConfigSchema.parse({
      ...artifactsEnv,
      DATA_DIR: join(dataDir, 'artifacts'),
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
    });
    inProcess = await startArtifacts(config, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
  }
  const nc = await nats.connect('operator', { maxReconnectAttempts: -1, reconnectTimeWait: 100 });
  const client = new CommandClient(nc, { timeoutMs: 10_000 });
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  const callRaw = async (subject: string, body: Uint8Array, timeoutMs = 10_000) => {
    const msg = await nc.request(subject, body, { timeout: timeoutMs });
    return JSON.parse(decoder.decode(msg.data)) as Reply<unknown>;
  };
  const call = async <C extends CommandSpec>(command: C, payload: unknown, timeoutMs?: number) =>
    (await callRaw(command.subject, encoder.encode(JSON.stringify(payload)), timeoutMs)) as Reply<
      CommandResponse<C>
    >;

  return {
    nats,
    dataDir,
    nc,
    client,
    ledger,
    artifactsProcess,
    call,
    callRaw,
    async ok(command, payload) {
      const reply = await call(command, payload);
      if (!reply.ok) throw new Error(`${command.subject} failed: ${JSON.stringify(reply.error)}`);
      return reply.data;
    },
    async fund(communityId, members, amount) {
      for (const member of members) {
        const account = await client.request(L.accountOpen, { communityId, kind: 'user', ownerId: member });
        await client.request(L.supplyMint, {
          id: `fund-${communityId}-${member}`,
          accountId: account.id,
          amount,
        });
      }
    },
    async balance(communityId, memberId) {
      const view = await client.request(L.balanceGet, {
        accountId: ledgerAccountId('user', communityId, memberId),
      });
      return { balance: view.balance, pendingDebits: view.pendingDebits };
    },
    async ledgerSettled(communityId) {
      const page = await client.request(L.accountList, { communityId, limit: 200 });
      const sum = page.items.reduce((total, account) => total + account.balance, 0);
      const openHolds = page.items.reduce((total, account) => total + account.pendingDebits, 0);
      const report = await client.request(L.journalVerify, {});
      return { sum, openHolds, verified: report.ok };
    },
    async close() {
      await inProcess?.close().catch(() => undefined);
      await nc.close().catch(() => undefined);
      await Promise.all([ledger.process.stop(), artifactsProcess?.process.stop()]);
      await nats.dispose();
      await removeDir(dataDir);
    },
  };
}

/** The error code of a reply (fails the test when it succeeded). */
export function errorOf(reply: Reply<unknown>): {
  code: string;
  message: string;
  details?: Record<string, unknown>;
} {
  if (reply.ok) throw new Error(`expected an error, got ${JSON.stringify(reply.data).slice(0, 300)}`);
  return reply.error;
}

/** Wait until `check` holds, polling. */
export async function eventually(
  check: () => Promise<boolean>,
  description: string,
  timeoutMs = 15_000,
): Promise<void> {
  await waitFor(check, { timeoutMs, intervalMs: 100, description });
}

/** A type on sale: created by the admin, with a shop item. */
export async function typeOnSale(
  sys: ArtifactsSystem,
  communityId: string,
  options: {
    requestId: string;
    price: number;
    stock?: number | null;
    supplyMax?: number | null;
    royaltyBps?: number;
  },
) {
  const type = await sys.ok(A.typeCreate, {
    requestId: options.requestId,
    communityId,
    creatorId: 'admin',
    asAdmin: true,
    name: `Type ${options.requestId}`,
    emoji: '🎫',
    supplyMax: options.supplyMax ?? null,
    royaltyBps: options.royaltyBps ?? 0,
  });
  const item = await sys.ok(A.shopAdd, {
    communityId,
    typeId: type.id,
    price: options.price,
    stock: options.stock ?? null,
  });
  return { type, item };
}
