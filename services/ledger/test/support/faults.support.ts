import { type Reply, type Transfer, type VerifyReport } from '@ticketonomics/contracts';
import { decodeText, encodeJson } from '@ticketonomics/messaging';
import {
  freePort,
  httpGetStatus,
  makeTempDir,
  removeDir,
  spawnService,
  startNatsServer,
  waitFor,
  type NatsServerHarness,
  type ServiceProcess,
} from '@ticketonomics/testing';
import Database from 'better-sqlite3';
import type { NatsConnection } from '@nats-io/transport-node';
import { join } from 'node:path';

/** Subject of a ledger command. */
export const S = (verb: string): string => `tk.cmd.ledger.${verb}`;

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A ledger run as `node dist/services/ledger/main.js`, the way it is deployed. */
export interface LedgerProcess {
  proc: ServiceProcess;
  httpPort: number;
  readyUrl: string;
  metricsUrl: string;
}

export interface SpawnLedgerOptions {
  nats: NatsServerHarness;
  dataDir: string;
  /** The log goes to <logDir>/<label>.log, so removing logDir removes it. */
  logDir: string;
  label: string;
  /** Wait for /readyz to answer 200 (default true). */
  waitReady?: boolean;
  /** More environment, as compose gives a replica (LEDGER_PARTITIONS, lease settings). */
  env?: Record<string, string>;
}

export async function spawnLedger(options: SpawnLedgerOptions): Promise<LedgerProcess> {
  const httpPort = await freePort();
  const base = `http://127.0.0.1:${httpPort}`;
  const readyUrl = `${base}/readyz`;
  const proc = await spawnService({
    name: 'ledger',
    env: {
      ...options.nats.serviceEnv('ledger'),
      DATA_DIR: options.dataDir,
      HTTP_PORT: String(httpPort),
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...options.env,
    },
    readyUrl: options.waitReady === false ? undefined : readyUrl,
    readyTimeoutMs: 30_000,
    logPath: join(options.logDir, `${options.label}.log`),
  });
  return { proc, httpPort, readyUrl, metricsUrl: `${base}/metrics` };
}

/** Waits until the ledger answers GET /readyz with 200. */
export async function waitReady(ledger: LedgerProcess, timeoutMs = 20_000): Promise<void> {
  await waitFor(async () => (await httpGetStatus(ledger.readyUrl)) === 200, {
    timeoutMs,
    intervalMs: 100,
    description: `ledger pid ${ledger.proc.pid} to answer ${ledger.readyUrl} with 200`,
  });
}

/** The value of a gauge or counter on the ledger's /metrics, or undefined when it is not there. */
export async function readMetric(ledger: LedgerProcess, name: string): Promise<number | undefined> {
  const response = await fetch(ledger.metricsUrl, { signal: AbortSignal.timeout(2_000) });
  const text = await response.text();
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
  return match === null ? undefined : Number(match[1]);
}

/** Plain request/reply over the wire format, as any caller sees it. */
export class WireClient {
  constructor(readonly nc: NatsConnection) {}

  async call<T = any>(subject: string, payload: unknown, timeoutMs = 10_000): Promise<Reply<T>> {
    const msg = await this.nc.request(subject, encodeJson(payload), { timeout: timeoutMs });
    return JSON.parse(decodeText(msg.data)) as Reply<T>;
  }

  async ok<T = any>(subject: string, payload: unknown, timeoutMs?: number): Promise<T> {
    const reply = await this.call<T>(subject, payload, timeoutMs);
    if (!reply.ok) throw new Error(`${subject} failed: ${JSON.stringify(reply.error)}`);
    return reply.data;
  }

  /**
   * A request retried with the same body until it is answered, as callers should: UNAVAILABLE and
   * timeouts are retried (a timed-out write may have been applied; its id tells), for at most retryForMs.
   */
  async untilAnswered<T>(subject: string, payload: unknown, retryForMs: number): Promise<Reply<T>> {
    const deadline = Date.now() + retryForMs;
    for (;;) {
      let reply: Reply<T> | undefined;
      try {
        reply = await this.call<T>(subject, payload, 5_000);
      } catch {
        reply = undefined;
      }
      if (reply !== undefined && (reply.ok || reply.error.code !== 'UNAVAILABLE')) return reply;
      if (Date.now() > deadline) {
        throw new Error(`${subject} unanswered for ${retryForMs} ms: ${JSON.stringify(reply)}`);
      }
      await sleep(200);
    }
  }
}

/** Every journal row of a community, newest first, paged through transfer.history. */
export async function journalRows(client: WireClient, communityId: string): Promise<Transfer[]> {
  const rows: Transfer[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Transfer[]; nextCursor: string | null } = await client.ok(S('transfer.history'), {
      communityId,
      limit: 200,
      ...(cursor === null ? {} : { cursor }),
    });
    rows.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return rows;
}

/** Runs fn over items with at most `limit` calls at once; results in item order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Where the ledger's file stands: its last journal group, and the last group whose events are published. */
export function eventsPosition(dataDir: string): { journalGroup: number; publishedGroup: number } {
  const db = new Database(join(dataDir, 'ledger.sqlite'), { readonly: true, timeout: 5_000 });
  try {
    const journalGroup = db.prepare('SELECT journal_group FROM journal_checkpoint').pluck().get() as number;
    const published = db.prepare('SELECT journal_group FROM events_published').pluck().get() as
      number | undefined;
    return { journalGroup, publishedGroup: published ?? 0 };
  } finally {
    db.close();
  }
}

/**
 * Moves the saved events position back to the start of the journal, as if every save had been lost (a
 * crash after JetStream acknowledged the events and before the position reached the books).
 */
export function forgetEventsPublished(dataDir: string): void {
  const db = new Database(join(dataDir, 'ledger.sqlite'), { timeout: 5_000 });
  try {
    db.prepare('DELETE FROM events_published').run();
  } finally {
    db.close();
  }
}

export interface OutboxRecord {
  eventId: string;
  subject: string;
  payload: string;
  sentAt: number | null;
}

/** Rows in the ledger's outbox table, as a ledger from before the journal carried events left them. */
export function writeOutbox(dataDir: string, rows: readonly OutboxRecord[]): void {
  const db = new Database(join(dataDir, 'ledger.sqlite'), { timeout: 5_000 });
  try {
    const insert = db.prepare(
      'INSERT INTO outbox (event_id, subject, payload, created_at, sent_at) VALUES (?, ?, ?, ?, ?)',
    );
    for (const row of rows) insert.run(row.eventId, row.subject, row.payload, Date.now(), row.sentAt);
  } finally {
    db.close();
  }
}

/** How many rows the ledger's outbox table holds (with the ledger stopped, or read-only). */
export function outboxSize(dataDir: string): number {
  const db = new Database(join(dataDir, 'ledger.sqlite'), { readonly: true, timeout: 5_000 });
  try {
    return db.prepare('SELECT COUNT(*) FROM outbox').pluck().get() as number;
  } finally {
    db.close();
  }
}

/** Each community's members: a user account each, minted `initial` tickets; community → account ids. */
export async function seedMembers(
  client: WireClient,
  communities: readonly string[],
  membersPer: number,
  initial: number,
): Promise<Map<string, string[]>> {
  const members = new Map<string, string[]>();
  for (const community of communities) {
    const ids: string[] = [];
    for (let m = 0; m < membersPer; m += 1) {
      const account = await client.ok<{ id: string }>(S('account.open'), {
        communityId: community,
        kind: 'user',
        ownerId: `m${m}`,
      });
      await client.ok(S('supply.mint'), {
        id: `seed-${community}-${m}`,
        accountId: account.id,
        amount: initial,
      });
      ids.push(account.id);
    }
    members.set(community, ids);
  }
  return members;
}

export interface AcknowledgedPayment {
  id: string;
  debit: string;
  credit: string;
  amount: number;
}

/**
 * `clients` callers paying between members of the communities for `durationMs`, each payment retried with
 * its id until answered. What was acknowledged, and what was refused (which a test expects to be nothing).
 */
export async function payUnderLoad(options: {
  client: WireClient;
  members: Map<string, string[]>;
  clients: number;
  durationMs: number;
  idPrefix: string;
  retryForMs: number;
  /** Ends the load before durationMs (a test that waits for a fault to land). */
  stop?: AbortSignal;
}): Promise<{ acknowledged: AcknowledgedPayment[]; refused: string[] }> {
  const communities = [...options.members.keys()];
  const acknowledged: AcknowledgedPayment[] = [];
  const refused: string[] = [];
  const startedAt = Date.now();
  let counter = 0;
  await Promise.all(
    Array.from({ length: options.clients }, async (_, k) => {
      while (Date.now() - startedAt < options.durationMs && options.stop?.aborted !== true) {
        counter += 1;
        const ids = options.members.get(communities[counter % communities.length]!)!;
        const debit = ids[counter % ids.length]!;
        const credit = ids[(counter + 1 + (k % (ids.length - 1))) % ids.length]!;
        const transfer = {
          id: `${options.idPrefix}-${k}-${counter}`,
          debitAccountId: debit,
          creditAccountId: credit,
          amount: 1 + (counter % 7),
          code: 'payment',
        };
        const reply = await options.client.untilAnswered<Transfer>(
          S('transfer.create'),
          transfer,
          options.retryForMs,
        );
        if (reply.ok) acknowledged.push({ id: transfer.id, debit, credit, amount: transfer.amount });
        else refused.push(`${transfer.id}: ${reply.error.code} ${reply.error.message}`);
      }
    }),
  );
  return { acknowledged, refused };
}

/**
 * The books after the faults: every acknowledged payment in the journal with what was acknowledged (ids are
 * unique, so once), each balance what the seed and the payments make it, a journal that verifies, and
 * every community summing to zero. Returns the verification report.
 */
export async function expectBooksMatch(
  client: WireClient,
  acknowledged: readonly AcknowledgedPayment[],
  members: Map<string, string[]>,
  initial: number,
): Promise<VerifyReport> {
  const rows = await mapLimit(acknowledged, 16, (ack) =>
    client.ok<Transfer>(S('transfer.get'), { transferId: ack.id }),
  );
  rows.forEach((row, i) =>
    expect(row).toMatchObject({ id: acknowledged[i]!.id, amount: acknowledged[i]!.amount }),
  );
  const expected = new Map<string, number>();
  for (const ids of members.values()) for (const id of ids) expected.set(id, initial);
  for (const ack of acknowledged) {
    expected.set(ack.debit, expected.get(ack.debit)! - ack.amount);
    expected.set(ack.credit, expected.get(ack.credit)! + ack.amount);
  }
  for (const [accountId, balance] of expected) {
    expect(await client.ok<{ balance: number }>(S('balance.get'), { accountId })).toMatchObject({ balance });
  }
  const report = await client.ok<VerifyReport>(S('journal.verify'), {});
  expect(report).toMatchObject({ ok: true, chainBreaks: [], balanceMismatches: [] });
  expect(report.sumByCommunity.every((row) => row.sum === 0)).toBe(true);
  return report;
}

/**
 * One nats-server, a plain client, and ledger processes that all use one data directory: a ledger and its
 * restarts on the same disk. dispose() stops them and removes the directories.
 */
export interface OneDiskLedger {
  nats: NatsServerHarness;
  nc: NatsConnection;
  client: WireClient;
  dataDir: string;
  /** Starts a ledger on the data directory; its log is `<label>.log`. */
  spawn(label: string): Promise<LedgerProcess>;
  dispose(): Promise<void>;
}

export async function startOneDiskLedger(tempPrefix: string): Promise<OneDiskLedger> {
  const nats = await startNatsServer();
  const nc = await nats.connect();
  const dataDir = await makeTempDir(`${tempPrefix}-data-`);
  const logDir = await makeTempDir(`${tempPrefix}-logs-`);
  const ledgers: LedgerProcess[] = [];
  return {
    nats,
    nc,
    client: new WireClient(nc),
    dataDir,
    async spawn(label) {
      const ledger = await spawnLedger({ nats, dataDir, logDir, label });
      ledgers.push(ledger);
      return ledger;
    },
    async dispose() {
      for (const ledger of ledgers) await ledger.proc.stop().catch(() => undefined);
      await nc.close();
      await nats.dispose();
      for (const dir of [dataDir, logDir]) await removeDir(dir);
    },
  };
}
