/**
 * Fault injection against the ledger as it is deployed: `node dist/services/ledger/main.js` (run
 * `npm run build` first), a real nats-server with JetStream, SQLite in a temp DATA_DIR. The process is
 * SIGKILLed under load, nats-server is stopped with events still unpublished, the ledger "crashes"
 * between JetStream's ack of its events and saving how far they got, a file from before the journal
 * carried events still holds outbox rows, and the ledger is started before NATS exists.
 */
import { type Transfer, type TransferResult } from '@ticketonomics/contracts';
import {
  httpGetStatus,
  makeTempDir,
  readStream,
  removeDir,
  seededRandom,
  startNatsServer,
  streamState,
  waitFor,
  type NatsServerHarness,
  type StoredEvent,
} from '@ticketonomics/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  eventsPosition,
  forgetEventsPublished,
  journalRows,
  mapLimit,
  outboxSize,
  readMetric,
  S,
  sleep,
  spawnLedger,
  waitReady,
  WireClient,
  writeOutbox,
  type LedgerProcess,
} from './support/faults.support';

const POSTED = 'tk.evt.ledger.transfer.posted';
const OPENED = 'tk.evt.ledger.account.opened';

interface TransferBody {
  id: string;
  debitAccountId: string;
  creditAccountId: string;
  amount: number;
  code: string;
  memo: string;
}

/** What each test started, torn down in reverse order after it, pass or fail. */
let cleanups: (() => unknown)[] = [];
let ledgers: LedgerProcess[] = [];
let natsServers: NatsServerHarness[] = [];
let finished = false;
const defer = (cleanup: () => unknown): void => void cleanups.push(cleanup);

beforeEach(() => {
  cleanups = [];
  ledgers = [];
  natsServers = [];
  finished = false;
});

afterEach(async () => {
  if (!finished) {
    // The temp dirs (and the logs in them) are about to go: print what a post-mortem needs.
    for (const ledger of ledgers) {
      console.error(
        `ledger pid ${ledger.proc.pid} (${ledger.proc.logPath}), last lines:\n${ledger.proc.logs().slice(-30).join('\n')}`,
      );
    }
    for (const nats of natsServers)
      console.error(`nats-server ${nats.url}:\n${(await nats.logTail(15)).join('\n')}`);
  }
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      console.error('clean-up failed', error);
    }
  }
});

async function startNats(): Promise<NatsServerHarness> {
  const nats = await startNatsServer();
  natsServers.push(nats);
  defer(() => nats.dispose());
  return nats;
}

async function workDir(): Promise<{ dir: string; dataDir: string }> {
  const dir = await makeTempDir('ledger-faults-');
  defer(() => removeDir(dir));
  const dataDir = join(dir, 'data');
  await mkdir(dataDir);
  return { dir, dataDir };
}

async function startLedger(options: Parameters<typeof spawnLedger>[0]): Promise<LedgerProcess> {
  const ledger = await spawnLedger(options);
  ledgers.push(ledger);
  defer(() => ledger.proc.kill('SIGKILL'));
  return ledger;
}

async function clientOf(nats: NatsServerHarness): Promise<WireClient> {
  const nc: NatsConnection = await nats.connect('operator', {
    maxReconnectAttempts: -1,
    reconnectTimeWait: 100,
  });
  defer(() => nc.close());
  return new WireClient(nc);
}

async function openAccounts(
  client: WireClient,
  communityId: string,
  count: number,
  seed: number,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const account = await client.ok<{ id: string }>(S('account.open'), {
      communityId,
      kind: 'user',
      ownerId: `u${i}`,
    });
    await client.ok(S('supply.mint'), { id: `seed-${i}`, accountId: account.id, amount: seed });
    ids.push(account.id);
  }
  return ids;
}

/** Stream messages whose Nats-Msg-Id is missing, differs from the CloudEvent id, or repeats. */
function idProblems(events: StoredEvent[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const { seq, msgId, event } of events) {
    if (msgId !== event.id) problems.push(`seq ${seq}: Nats-Msg-Id ${msgId} but event id ${event.id}`);
    if (seen.has(event.id)) problems.push(`seq ${seq}: event id ${event.id} is in the stream twice`);
    seen.add(event.id);
  }
  return problems;
}

/** A whole number below `below`, from a seeded generator, so a failing run's traffic can be replayed. */
function prng(seed: number): (below: number) => number {
  const next = seededRandom(seed);
  return (below) => Math.floor(next() * below);
}

describe('ledger under faults (process, nats-server, events)', () => {
  it('the ledger process killed (SIGKILL) and restarted during load loses no acknowledged transfer', async () => {
    const C = 'faults-kill';
    const ACCOUNTS = 10;
    const SEED = 1_000_000_000;
    const LOOPS = 30;
    const REQUEST_TIMEOUT_MS = 1_000;
    const CODES = ['payment', 'reward', 'bonus'];

    const nats = await startNats();
    const { dir, dataDir } = await workDir();
    let ledger = await startLedger({ nats, dataDir, logDir: dir, label: 'ledger-1' });
    const client = await clientOf(nats);
    const accounts = await openAccounts(client, C, ACCOUNTS, SEED);

    // --- load: LOOPS clients, each sending unique transfers one request at a time ---
    const sent = new Map<string, TransferBody>();
    const acked = new Map<string, Transfer>();
    const unknown = new Map<string, TransferBody>();
    const refused: { id: string; error: unknown }[] = [];
    const failureKinds = new Map<string, number>();
    let running = true;
    let restarted = false;
    let ackedAfterRestart = 0;
    const ack = (transfer: Transfer): void => {
      acked.set(transfer.id, transfer);
      if (restarted) ackedAfterRestart += 1;
    };
    const loop = async (index: number): Promise<void> => {
      const random = prng(index + 1);
      for (let n = 0; running;) {
        const count = random(100) < 15 ? 2 + random(9) : 1;
        const transfers = Array.from({ length: count }, (): TransferBody => {
          const debit = random(ACCOUNTS);
          const credit = (debit + 1 + random(ACCOUNTS - 1)) % ACCOUNTS;
          return {
            id: `w${index}-${n++}`,
            debitAccountId: accounts[debit]!,
            creditAccountId: accounts[credit]!,
            amount: 1 + random(100),
            code: CODES[random(CODES.length)]!,
            memo: `loop ${index}`,
          };
        });
        for (const transfer of transfers) sent.set(transfer.id, transfer);
        try {
          if (count === 1) {
            const reply = await client.call<TransferResult>(
              S('transfer.create'),
              transfers[0],
              REQUEST_TIMEOUT_MS,
            );
            if (reply.ok) ack(reply.data.transfer);
            else refused.push({ id: transfers[0]!.id, error: reply.error });
          } else {
            const reply = await client.call<{
              results: ({ ok: true; data: TransferResult } | { ok: false; error: unknown })[];
            }>(S('transfer.batch'), { transfers }, REQUEST_TIMEOUT_MS);
            if (!reply.ok) {
              for (const transfer of transfers) refused.push({ id: transfer.id, error: reply.error });
            } else {
              reply.data.results.forEach((result, i) => {
                if (result.ok) ack(result.data.transfer);
                else refused.push({ id: transfers[i]!.id, error: result.error });
              });
            }
          }
        } catch (error) {
          // Timed out or nobody listening: the outcome is unknown, not acknowledged.
          for (const transfer of transfers) unknown.set(transfer.id, transfer);
          const kind = String((error as { code?: unknown }).code ?? (error as Error).message);
          failureKinds.set(kind, (failureKinds.get(kind) ?? 0) + 1);
          await sleep(50);
        }
      }
    };
    const loadStart = Date.now();
    const loops = Array.from({ length: LOOPS }, (_, index) => loop(index));
    const stopLoad = async (): Promise<void> => {
      running = false;
      await Promise.all(loops);
    };
    defer(stopLoad);

    await waitFor(() => acked.size >= 200 && Date.now() - loadStart >= 1_500, {
      timeoutMs: 15_000,
      description: 'the first 200 acknowledged transfers',
    });
    const exit = await ledger.proc.kill('SIGKILL');
    expect(exit.signal).toBe('SIGKILL');
    const ackedBeforeKill = acked.size;

    // The clients keep sending while no ledger runs; then a new process takes over the same DATA_DIR.
    ledger = await startLedger({ nats, dataDir, logDir: dir, label: 'ledger-2' });
    restarted = true;
    await waitFor(() => ackedAfterRestart >= 200, {
      timeoutMs: 15_000,
      description: '200 transfers acknowledged by the restarted ledger',
    });
    await stopLoad();

    expect(refused).toEqual([]);
    expect(ackedBeforeKill).toBeGreaterThan(0);
    expect(unknown.size).toBeGreaterThan(0);
    expect(acked.size + unknown.size).toBe(sent.size);
    expect([...acked.keys()].filter((id) => unknown.has(id))).toEqual([]);

    // --- every acknowledged transfer is there, exactly as acknowledged ---
    const lost: string[] = [];
    await mapLimit([...acked.values()], 32, async (expected) => {
      const reply = await client.call<Transfer>(S('transfer.get'), { transferId: expected.id });
      if (!reply.ok) lost.push(`${expected.id}: ${JSON.stringify(reply.error)}`);
      else if (JSON.stringify(reply.data) !== JSON.stringify(expected)) {
        lost.push(
          `${expected.id}: acknowledged ${JSON.stringify(expected)}, stored ${JSON.stringify(reply.data)}`,
        );
      }
    });
    expect(lost.slice(0, 10)).toEqual([]);

    // --- unknown outcomes: a retry returns the committed transfer or applies it now, exactly once ---
    const newest = await client.ok<{ items: Transfer[] }>(S('transfer.history'), {
      communityId: C,
      limit: 1,
    });
    const seqBeforeRetries = newest.items[0]!.seq;
    let committedBefore = 0;
    let appliedByRetry = 0;
    const retryProblems: string[] = [];
    await mapLimit([...unknown.values()], 16, async (request) => {
      const stored = await client.call<Transfer>(S('transfer.get'), { transferId: request.id });
      const first = await client.call<TransferResult>(S('transfer.create'), request);
      const second = await client.call<TransferResult>(S('transfer.create'), request);
      if (!first.ok)
        return void retryProblems.push(`${request.id}: retry failed ${JSON.stringify(first.error)}`);
      const applied = first.data.transfer;
      if (stored.ok) {
        committedBefore += 1;
        if (JSON.stringify(applied) !== JSON.stringify(stored.data)) {
          retryProblems.push(
            `${request.id}: stored ${JSON.stringify(stored.data)}, retry ${JSON.stringify(applied)}`,
          );
        }
      } else {
        appliedByRetry += 1;
        if (stored.error.code !== 'NOT_FOUND')
          retryProblems.push(`${request.id}: get ${JSON.stringify(stored.error)}`);
        if (applied.seq <= seqBeforeRetries)
          retryProblems.push(`${request.id}: missing, then found at seq ${applied.seq}`);
      }
      if (applied.amount !== request.amount || applied.debitAccountId !== request.debitAccountId) {
        retryProblems.push(`${request.id}: retry returned other content ${JSON.stringify(applied)}`);
      }
      if (JSON.stringify(second) !== JSON.stringify(first)) {
        retryProblems.push(
          `${request.id}: second retry ${JSON.stringify(second)} differs from ${JSON.stringify(first)}`,
        );
      }
    });
    expect(retryProblems.slice(0, 10)).toEqual([]);
    expect(committedBefore + appliedByRetry).toBe(unknown.size);

    // --- the journal holds every request exactly once and nothing else; the books balance ---
    const rows = await journalRows(client, C);
    const rowIds = new Set(rows.map((row) => row.id));
    expect(rowIds.size).toBe(rows.length);
    expect(rows.length).toBe(sent.size + ACCOUNTS);
    expect([...sent.keys()].filter((id) => !rowIds.has(id))).toEqual([]);
    const report = await client.ok(S('journal.verify'), {});
    expect(report).toMatchObject({ ok: true, entries: rows.length, chainBreaks: [], balanceMismatches: [] });
    expect(report.sumByCommunity).toEqual([{ communityId: C, sum: 0 }]);
    const expectedBalance = new Map(accounts.map((id) => [id, SEED]));
    for (const transfer of sent.values()) {
      expectedBalance.set(
        transfer.debitAccountId,
        expectedBalance.get(transfer.debitAccountId)! - transfer.amount,
      );
      expectedBalance.set(
        transfer.creditAccountId,
        expectedBalance.get(transfer.creditAccountId)! + transfer.amount,
      );
    }
    for (const id of accounts) {
      expect(await client.ok(S('balance.get'), { accountId: id })).toMatchObject({
        balance: expectedBalance.get(id),
      });
    }
    expect(await client.ok(S('balance.get'), { accountId: `issuance:${C}` })).toMatchObject({
      balance: -SEED * ACCOUNTS,
    });

    // --- every event reaches JetStream, once per journal row and once per id ---
    const postedRows = rows.filter((row) => row.kind === 'posted').length;
    expect(postedRows).toBe(rows.length);
    await waitFor(async () => ((await streamState(client.nc)).subjects[POSTED] ?? 0) >= postedRows, {
      timeoutMs: 30_000,
      description: `${postedRows} ${POSTED} events in the stream`,
    });
    const events = await readStream(client.nc);
    expect(idProblems(events).slice(0, 10)).toEqual([]);
    const postedIds = events
      .filter((e) => e.subject === POSTED)
      .map((e) => e.event.data.transfer.id as string);
    expect(postedIds.length).toBe(postedRows);
    expect(new Set(postedIds)).toEqual(rowIds);
    expect(events.filter((e) => e.subject === OPENED)).toHaveLength(ACCOUNTS + 2);

    // --- a clean stop saves how far events got: every group's (the last group is that save itself) ---
    expect(await ledger.proc.stop()).toEqual({ code: 0, signal: null });
    const position = eventsPosition(dataDir);
    expect(position.publishedGroup).toBeGreaterThanOrEqual(position.journalGroup - 1);
    expect(outboxSize(dataDir)).toBe(0);
    finished = true;
  }, 60_000);

  it('nats-server stopped while events are unpublished, then restarted: every event reaches JetStream exactly once per id', async () => {
    const C = 'faults-nats';
    const BATCHES = 5;
    const BATCH_SIZE = 1_000;

    const nats = await startNats();
    const { dir, dataDir } = await workDir();
    // One event at a time, so it is surely still publishing the burst's events when nats-server stops
    // (with its default 512 a fast machine could catch up first).
    const first = await startLedger({
      nats,
      dataDir,
      logDir: dir,
      label: 'ledger-1',
      env: { LEDGER_EVENTS_BATCH_MAX: '1' },
    });
    const client = await clientOf(nats);
    const [a, b, c] = await openAccounts(client, C, 3, 1_000_000_000);

    const pair = [a, b, c];
    const replies = await Promise.all(
      Array.from({ length: BATCHES }, (_, k) =>
        client.call<{ results: { ok: boolean }[] }>(
          S('transfer.batch'),
          {
            transfers: Array.from({ length: BATCH_SIZE }, (_, i) => ({
              id: `burst-${k}-${i}`,
              debitAccountId: pair[(k + i) % 3],
              creditAccountId: pair[(k + i + 1) % 3],
              amount: 1 + (i % 50),
              code: 'reward',
            })),
          },
          30_000,
        ),
      ),
    );
    await nats.stop();
    for (const reply of replies) {
      expect(reply.ok).toBe(true);
      if (reply.ok) expect(reply.data.results.every((result) => result.ok)).toBe(true);
    }

    expect(await readMetric(first, 'ledger_events_unpublished_groups')).toBeGreaterThan(0);
    await waitFor(async () => (await httpGetStatus(first.readyUrl)) === 503, {
      timeoutMs: 5_000,
      description: 'the ledger to report not ready while NATS is down',
    });
    // Long enough for publishing to fail and back off a few times.
    await sleep(1_500);
    expect(await readMetric(first, 'ledger_events_unpublished_groups')).toBeGreaterThan(0);

    await nats.start();
    await waitReady(first);
    // Requests flow again once both sides have reconnected and resubscribed.
    const after = { id: 'after-restart', debitAccountId: a, creditAccountId: b, amount: 7, code: 'payment' };
    await waitFor(async () => (await client.call(S('transfer.create'), after, 2_000)).ok, {
      timeoutMs: 15_000,
      description: 'a transfer accepted after nats-server came back',
    });
    await waitFor(async () => (await readMetric(first, 'ledger_events_unpublished_groups')) === 0, {
      timeoutMs: 30_000,
      description: 'the unpublished events to reach JetStream',
    });
    const drained = await streamState(client.nc);
    const drainedEvents = await readStream(client.nc);
    expect(idProblems(drainedEvents).slice(0, 10)).toEqual([]);
    expect(drainedEvents.filter((e) => e.subject === POSTED)).toHaveLength(3 + BATCHES * BATCH_SIZE + 1);

    // The ledger "crashes" after JetStream acknowledged its events and before the books say so: every
    // save of the position is lost, and the next start publishes the whole journal's events again.
    expect((await first.proc.kill('SIGKILL')).signal).toBe('SIGKILL');
    forgetEventsPublished(dataDir);
    const second = await startLedger({ nats, dataDir, logDir: dir, label: 'ledger-2' });
    await waitFor(
      async () => ((await readMetric(second, 'ledger_events_published_total')) ?? 0) >= drained.messages,
      {
        timeoutMs: 30_000,
        description: `the ${drained.messages} events to be published again`,
      },
    );
    expect(await readMetric(second, 'ledger_events_unpublished_groups')).toBe(0);
    // Published again with the same Nats-Msg-Id, so JetStream dropped every copy: the stream did not grow.
    const republished = await streamState(client.nc);
    expect({ messages: republished.messages, lastSeq: republished.lastSeq }).toEqual({
      messages: drained.messages,
      lastSeq: drained.lastSeq,
    });
    expect((await client.ok(S('journal.verify'), {})).ok).toBe(true);
    const events = await readStream(client.nc);
    expect(idProblems(events).slice(0, 10)).toEqual([]);
    expect(await second.proc.stop()).toEqual({ code: 0, signal: null });
    finished = true;
  }, 60_000);

  it('a file whose outbox still holds events (from before the journal carried them) publishes the unsent ones once, then empties it', async () => {
    const C = 'faults-legacy';
    const nats = await startNats();
    const { dir, dataDir } = await workDir();
    const first = await startLedger({ nats, dataDir, logDir: dir, label: 'ledger-1' });
    const client = await clientOf(nats);
    await openAccounts(client, C, 2, 100);
    await waitFor(async () => ((await streamState(client.nc)).subjects[OPENED] ?? 0) === 4, {
      timeoutMs: 10_000,
      description: 'the account.opened events in the stream',
    });
    expect(await first.proc.stop()).toEqual({ code: 0, signal: null });
    const before = await streamState(client.nc);

    // What such a ledger left: events it had not sent yet, and one it had.
    const [model] = (await readStream(client.nc)).filter((e) => e.subject === OPENED);
    const legacy = (id: string, sentAt: number | null) => ({
      eventId: id,
      subject: OPENED,
      payload: JSON.stringify({ ...model!.event, id }),
      sentAt,
    });
    writeOutbox(dataDir, [
      legacy('0193a1b2-0000-7000-8000-00000000a001', null),
      legacy('0193a1b2-0000-7000-8000-00000000a002', Date.now()),
      legacy('0193a1b2-0000-7000-8000-00000000a003', null),
    ]);

    const second = await startLedger({ nats, dataDir, logDir: dir, label: 'ledger-2' });
    await waitFor(async () => (await streamState(client.nc)).messages === before.messages + 2, {
      timeoutMs: 10_000,
      description: 'the two unsent outbox events in the stream',
    });
    const ids = (await readStream(client.nc)).map((e) => e.msgId);
    expect(ids).toEqual(
      expect.arrayContaining([
        '0193a1b2-0000-7000-8000-00000000a001',
        '0193a1b2-0000-7000-8000-00000000a003',
      ]),
    );
    expect(ids).not.toContain('0193a1b2-0000-7000-8000-00000000a002');
    expect(await second.proc.stop()).toEqual({ code: 0, signal: null });
    expect(outboxSize(dataDir)).toBe(0);
    expect((await streamState(client.nc)).messages).toBe(before.messages + 2);
    finished = true;
  }, 30_000);

  it('the ledger started while nats-server is down waits, and comes up once NATS starts', async () => {
    const nats = await startNats();
    await nats.stop();
    const { dir, dataDir } = await workDir();
    const ledger = await startLedger({
      nats,
      dataDir,
      logDir: dir,
      label: 'ledger',
      waitReady: false,
    });

    await sleep(2_000);
    expect(ledger.proc.running).toBe(true);
    expect(await httpGetStatus(ledger.readyUrl)).not.toBe(200);

    await nats.start();
    await waitReady(ledger, 20_000);
    const client = await clientOf(nats);
    const account = await client.ok(S('account.open'), {
      communityId: 'late-nats',
      kind: 'user',
      ownerId: 'first',
    });
    expect(account).toMatchObject({ id: 'user:late-nats:first', balance: 0 });
    await waitFor(async () => ((await streamState(client.nc)).subjects[OPENED] ?? 0) === 3, {
      timeoutMs: 10_000,
      description: 'the account.opened events in the stream the ledger created at start-up',
    });
    finished = true;
  }, 30_000);
});
