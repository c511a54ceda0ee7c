import {
  AccountsCommands,
  GovernanceCommands,
  LedgerCommands,
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
  startNatsServer,
  waitFor,
  type BackendService,
  type NatsServerHarness,
} from '@ticketonomics/testing';
import type { NatsConnection } from '@nats-io/transport-node';

export const G = GovernanceCommands;
export const L = LedgerCommands;
export const AC = AccountsCommands;

/** Rounds every 100 ms, so a vote of a second or two ends and applies within a test's patience. */
export const TEST_GOVERNANCE_ENV: Record<string, string> = {
  GOVERNANCE_TICK_INTERVAL_MS: '100',
  GOVERNANCE_OWNER_CALL_TIMEOUT_MS: '3000',
  // A killed process's unacknowledged events come back within seconds rather than 30.
  GOVERNANCE_EVENTS_ACK_WAIT_MS: '2000',
};

export interface GovernanceSystem {
  nats: NatsServerHarness;
  dataDir: string;
  nc: NatsConnection;
  client: CommandClient;
  ledger: BackendService;
  accounts: BackendService;
  governance: BackendService;
  call<C extends CommandSpec>(command: C, payload: unknown): Promise<Reply<CommandResponse<C>>>;
  ok<C extends CommandSpec>(command: C, payload: CommandRequest<C>): Promise<CommandResponse<C>>;
  /** A Telegram member of the group `chatId`, created through accounts; returns their user id. */
  member(chatId: string, telegramId: string, name: string): Promise<{ userId: string; communityId: string }>;
  close(): Promise<void>;
}

/**
 * nats-server and the built ledger, accounts and governance as processes (services never import each
 * other: run `npm run build` first), with an operator client.
 */
export async function startGovernanceSystem(): Promise<GovernanceSystem> {
  const nats = await startNatsServer();
  const dataDir = await makeTempDir('governance-test-');
  const [ledger, accounts, governance] = await Promise.all([
    spawnBackendService({ name: 'ledger', nats, dataDir }),
    spawnBackendService({ name: 'accounts', nats, dataDir }),
    spawnBackendService({ name: 'governance', nats, dataDir, env: TEST_GOVERNANCE_ENV }),
  ]);
  const nc = await nats.connect('operator', { maxReconnectAttempts: -1, reconnectTimeWait: 100 });
  const client = new CommandClient(nc, { timeoutMs: 10_000 });
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const call = async <C extends CommandSpec>(command: C, payload: unknown) => {
    const msg = await nc.request(command.subject, encoder.encode(JSON.stringify(payload)), {
      timeout: 10_000,
    });
    return JSON.parse(decoder.decode(msg.data)) as Reply<CommandResponse<C>>;
  };
  return {
    nats,
    dataDir,
    nc,
    client,
    ledger,
    accounts,
    governance,
    call,
    async ok(command, payload) {
      const reply = await call(command, payload);
      if (!reply.ok) throw new Error(`${command.subject} failed: ${JSON.stringify(reply.error)}`);
      return reply.data;
    },
    async member(chatId, telegramId, name) {
      const ensured = await client.request(AC.membershipEnsure, {
        community: { telegramChatId: chatId, title: 'Governed' },
        user: {
          identity: { provider: 'telegram', externalId: telegramId },
          username: name,
          displayName: name,
        },
      });
      return { userId: ensured.user.id, communityId: ensured.communityId };
    },
    async close() {
      await nc.close().catch(() => undefined);
      await Promise.all([ledger.process.stop(), accounts.process.stop(), governance.process.stop()]);
      await nats.dispose();
      await removeDir(dataDir);
    },
  };
}

/** The error of a reply (fails the test when it succeeded). */
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
