import { EVENT_STREAM, type Reply } from '@ticketonomics/contracts';
import { CommandClient, decodeText, encodeJson } from '@ticketonomics/messaging';
import { makeTempDir, removeDir, startNatsServer, type NatsServerHarness } from '@ticketonomics/testing';
import { connect, type NatsConnection } from 'nats';
import pino from 'pino';
import { AccountsConfigSchema } from '../../src/config/accounts.config';
import { startAccounts, type RunningAccounts } from '../../src/accounts.app';

export interface AccountsHarness {
  nats: NatsServerHarness;
  accounts: RunningAccounts;
  /** A plain client connection, as any caller would have. */
  nc: NatsConnection;
  client: CommandClient;
  dataDir: string;
  /** Send a payload (or raw bytes) and return the reply envelope as received. */
  call<T = unknown>(subject: string, payload: unknown, timeoutMs?: number): Promise<Reply<T>>;
  callRaw<T = unknown>(subject: string, body: Uint8Array, timeoutMs?: number): Promise<Reply<T>>;
  /** The data of an ok reply; fails the test with the error otherwise. */
  ok<T = any>(subject: string, payload: unknown): Promise<T>;
  /** Stop the in-process accounts and start it again on the same data. */
  restartAccounts(): Promise<void>;
  /** Events stored in JetStream so far, in stream order. */
  streamEvents(): Promise<{ subject: string; msgId: string | undefined; data: any }[]>;
  close(): Promise<void>;
}

export async function startAccountsHarness(env: Record<string, string> = {}): Promise<AccountsHarness> {
  const nats = await startNatsServer();
  const dataDir = await makeTempDir('accounts-test-');
  const config = AccountsConfigSchema.parse({
    NATS_URL: nats.url,
    DATA_DIR: dataDir,
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  let accounts = await startAccounts(config, logger);
  const nc = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
  const client = new CommandClient(nc, { timeoutMs: 10_000 });

  const callRaw = async <T>(subject: string, body: Uint8Array, timeoutMs = 10_000): Promise<Reply<T>> => {
    const msg = await nc.request(subject, body, { timeout: timeoutMs });
    return JSON.parse(decodeText(msg.data)) as Reply<T>;
  };
  const call = <T>(subject: string, payload: unknown, timeoutMs?: number) =>
    callRaw<T>(subject, encodeJson(payload), timeoutMs);

  const harness: AccountsHarness = {
    nats,
    get accounts() {
      return accounts;
    },
    nc,
    client,
    dataDir,
    call,
    callRaw,
    async ok(subject, payload) {
      const reply = await call(subject, payload);
      if (!reply.ok) throw new Error(`${subject} failed: ${JSON.stringify(reply.error)}`);
      return reply.data as any;
    },
    async restartAccounts() {
      await accounts.close();
      accounts = await startAccounts(config, logger);
    },
    async streamEvents() {
      const jsm = await nc.jetstreamManager();
      const info = await jsm.streams.info(EVENT_STREAM);
      const events: { subject: string; msgId: string | undefined; data: any }[] = [];
      for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq += 1) {
        const message = await jsm.streams.getMessage(EVENT_STREAM, { seq });
        events.push({
          subject: message.subject,
          msgId: message.header?.get('Nats-Msg-Id'),
          data: JSON.parse(decodeText(message.data)),
        });
      }
      return events;
    },
    async close() {
      await accounts.close().catch(() => undefined);
      await nc.close().catch(() => undefined);
      await nats.dispose();
      await removeDir(dataDir);
    },
  };
  return harness;
}
