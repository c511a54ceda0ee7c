import {
  ACCOUNTS_EXAMPLE_ORDER,
  ACCOUNTS_INTEGRATIONS_EXAMPLE_ORDER,
  AccountsCommands,
  AccountsEvents,
  AccountsIntegrationCommands,
  apiKeyProof,
  parseOrThrow,
  type Reply,
} from '@ticketonomics/contracts';
import { decodeText, encodeJson } from '@ticketonomics/messaging';
import {
  makeTempDir,
  readStream,
  removeDir,
  spawnBackendService,
  startNatsServer,
  waitFor,
  type BackendService,
  type NatsServerHarness,
  readMetric,
} from '@ticketonomics/testing';
import { partitionLabel, partitionOf } from '@ticketonomics/partitions';
import type { NatsConnection } from '@nats-io/transport-node';

/**
 * `docker compose up --scale accounts=3` as local processes: three replicas with the same environment on
 * one data directory, each with its own ACCOUNTS_REPLICA_ID as each container has its own host name. The
 * communities are spread over five partitions and users live in one more, the global partition: each
 * partition is written by exactly one replica (it holds the lease), the six spread two to a replica, and
 * every replica answers the public subjects and passes each command to the partition's writer. A writer is
 * killed, and later one is paused past its leases and resumed: the others take its partitions over, the
 * paused one's writes are refused by the fence, and every acknowledged write is there once, its events
 * published once.
 */
const PARTITIONS = 5;
/** The community partitions and the global one. */
const LEASED = PARTITIONS + 1;
const GLOBAL = partitionLabel(PARTITIONS);
const LEASE_TTL_MS = 2_000;
const ENV = {
  ACCOUNTS_PARTITIONS: String(PARTITIONS),
  ACCOUNTS_LEASE_TTL_MS: String(LEASE_TTL_MS),
  // Shorter than the lease, so callers see UNAVAILABLE while the writer is being replaced (and retry).
  ACCOUNTS_OWNER_WAIT_MS: '1000',
  ACCOUNTS_OWNER_TIMEOUT_MS: '3000',
  LOG_LEVEL: 'info',
};
const CLIENTS = 6;
const RETRY_FOR_MS = 30_000;
const CHAT = '-1005550900';
const C = `tg${CHAT}`;
/** The chats new members join under load: enough that every community partition gets some. */
const CHATS = Array.from({ length: 20 }, (_, i) => String(-1005550900 - i));
const S = (verb: string): string => `tk.cmd.accounts.${verb}`;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** membership.ensure for a Telegram member of a chat, as the Telegram gateway sends it. */
const ensureOf = (externalId: string, chat = CHAT) => ({
  community: { telegramChatId: chat, title: `Replica town ${chat}` },
  user: { identity: { provider: 'telegram', externalId }, displayName: `member ${externalId}` },
});

interface Ensured {
  communityId: string;
  user: { id: string };
}

/** What a stream of retried writes saw: the ids acknowledged per identity, and every refusal. */
interface LoadResult {
  acknowledged: Map<string, Set<string>>;
  /** The community each identity joined. */
  communityOf: Map<string, string>;
  /** Every answer that was not ok, as `CODE state` (or `timeout`): all must be retryable. */
  refusals: string[];
}

describe('accounts replicas sharing one volume: partitions spread by leases, failover and fencing', () => {
  let nats: NatsServerHarness;
  let dataDir: string;
  let nc: NatsConnection;
  const replicas: BackendService[] = [];
  let nextMember = 3_000_000;

  beforeAll(async () => {
    nats = await startNatsServer();
    dataDir = await makeTempDir('tk-accounts-replicas-');
    replicas.push(
      ...(await Promise.all(
        ['a', 'b', 'c'].map((name) =>
          spawnBackendService({
            name: 'accounts',
            nats,
            dataDir,
            env: { ...ENV, ACCOUNTS_REPLICA_ID: name },
          }),
        ),
      )),
    );
    nc = await nats.connect('operator', { maxReconnectAttempts: -1, reconnectTimeWait: 100 });
  }, 60_000);

  afterAll(async () => {
    for (const replica of replicas) {
      await replica.process.stop().catch(() => undefined);
    }
    await nc?.close();
    await nats?.dispose();
    await removeDir(dataDir);
  });

  async function metric(replica: BackendService, name: string): Promise<number> {
    return (await readMetric(replica, name)) ?? Number.NaN;
  }

  /**
   * The partitions a replica's process writes now, from its log: each partition it opened, less those it
   * closed (handed over, or its lease lost). A killed or paused replica is taken to write none.
   */
  function servedBy(replica: BackendService): Set<string> {
    const served = new Set<string>();
    if (!replica.process.running) return served;
    for (const line of replica.process.logs()) {
      if (!line.startsWith('{')) continue;
      const entry = JSON.parse(line) as { msg?: string; partition?: string };
      if (entry.partition === undefined) continue;
      if (entry.msg === 'partition served') served.add(entry.partition);
      if (entry.msg === 'partition no longer served here') served.delete(entry.partition);
    }
    return served;
  }

  /**
   * Waits until every partition (the global one too) is written by exactly one of the live replicas, the
   * spread even (each writes its share, within one), each replica's metric agreeing with its log.
   */
  async function spread(live: BackendService[] = replicas): Promise<Map<string, BackendService>> {
    let writerOf = new Map<string, BackendService>();
    await waitFor(
      async () => {
        writerOf = new Map();
        const counts: number[] = [];
        for (const replica of live) {
          const served = servedBy(replica);
          const reported = await metric(replica, 'accounts_writer').catch(() => Number.NaN);
          if (reported !== served.size) return false;
          counts.push(served.size);
          for (const partition of served) {
            if (writerOf.has(partition)) return false;
            writerOf.set(partition, replica);
          }
        }
        return (
          writerOf.size === LEASED &&
          Math.max(...counts) - Math.min(...counts) <= 1 &&
          Math.min(...counts) >= Math.floor(LEASED / live.length)
        );
      },
      {
        timeoutMs: 20_000,
        intervalMs: 100,
        description: `the ${LEASED} accounts partitions spread evenly over ${live.length} replicas, one writer each`,
      },
    );
    return writerOf;
  }

  /** The replica writing a community's partition once the partitions rest on the live replicas. */
  async function writerOfCommunity(communityId: string, live: BackendService[] = replicas) {
    return (await spread(live)).get(partitionLabel(partitionOf(communityId, PARTITIONS)))!;
  }

  async function call<T>(subject: string, payload: unknown, timeoutMs = 5_000): Promise<Reply<T>> {
    const msg = await nc.request(subject, encodeJson(payload), { timeout: timeoutMs });
    return JSON.parse(decodeText(msg.data)) as Reply<T>;
  }

  async function ok<T = any>(subject: string, payload: unknown): Promise<T> {
    const reply = await call<T>(subject, payload);
    if (!reply.ok) throw new Error(`${subject} failed: ${JSON.stringify(reply.error)}`);
    return reply.data;
  }

  /**
   * A request retried with the same body until it is answered, as callers should: UNAVAILABLE and
   * timeouts are retried (the same identity or requestId makes the retry safe). Each refusal is noted.
   */
  async function untilAnswered<T>(subject: string, payload: unknown, refusals: string[]): Promise<Reply<T>> {
    const deadline = Date.now() + RETRY_FOR_MS;
    for (;;) {
      let reply: Reply<T> | undefined;
      try {
        reply = await call<T>(subject, payload);
      } catch {
        refusals.push('timeout');
      }
      if (reply !== undefined) {
        if (reply.ok) return reply;
        refusals.push(`${reply.error.code} ${String(reply.error.details?.['state'] ?? '')}`.trim());
        if (reply.error.code !== 'UNAVAILABLE') return reply;
      }
      if (Date.now() > deadline) throw new Error(`${subject} unanswered for ${RETRY_FOR_MS} ms`);
      await sleep(100);
    }
  }

  /**
   * New members joining chats of every partition, through whichever replica each request reaches, until
   * `stop` resolves.
   */
  async function joinLoad(stop: Promise<void>): Promise<LoadResult> {
    const result: LoadResult = { acknowledged: new Map(), communityOf: new Map(), refusals: [] };
    let stopped = false;
    void stop.then(() => (stopped = true));
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (!stopped) {
          nextMember += 1;
          const externalId = String(nextMember);
          const chat = CHATS[nextMember % CHATS.length]!;
          const reply = await untilAnswered<Ensured>(
            S('membership.ensure'),
            ensureOf(externalId, chat),
            result.refusals,
          );
          if (!reply.ok) continue;
          expect(reply.data.communityId).toBe(`tg${chat}`);
          result.communityOf.set(externalId, reply.data.communityId);
          const ids = result.acknowledged.get(externalId) ?? new Set<string>();
          ids.add(reply.data.user.id);
          result.acknowledged.set(externalId, ids);
        }
      }),
    );
    return result;
  }

  /** Every acknowledged member is there with the one id they were given; no identity got two users. */
  async function expectAllThere(result: LoadResult): Promise<void> {
    for (const [externalId, ids] of result.acknowledged) {
      expect({ externalId, ids: [...ids] }).toEqual({ externalId, ids: [expect.any(String)] });
      const found = await ok<{ id: string }>(S('user.find'), { provider: 'telegram', externalId });
      expect(found.id).toBe([...ids][0]);
      const communityId = result.communityOf.get(externalId)!;
      expect(await ok(S('membership.get'), { communityId, userId: found.id })).toMatchObject({
        status: 'active',
      });
    }
  }

  /** Once every partition's outbox is empty: each accounts event is in the stream once, each user created once. */
  async function expectEventsOnce(userIds: string[]): Promise<void> {
    await spread();
    await waitFor(
      async () =>
        (await Promise.all(replicas.map((replica) => metric(replica, 'accounts_outbox_unsent')))).every(
          (unsent) => unsent === 0,
        ),
      { timeoutMs: 20_000, description: 'every partition’s outbox published' },
    );
    const events = (await readStream(nc)).filter((stored) => stored.subject.startsWith('tk.evt.accounts.'));
    const msgIds = events.map((stored) => stored.msgId);
    expect(msgIds.every((id) => id !== undefined)).toBe(true);
    expect(new Set(msgIds).size).toBe(events.length);
    expect(new Set(events.map((stored) => stored.event.id)).size).toBe(events.length);
    const created = new Map<string, number>();
    for (const stored of events) {
      if (stored.event.type !== AccountsEvents.userCreated.type) continue;
      created.set(stored.event.subject, (created.get(stored.event.subject) ?? 0) + 1);
    }
    for (const userId of userIds)
      expect({ userId, created: created.get(userId) }).toEqual({ userId, created: 1 });
  }

  const userIdsOf = (result: LoadResult): string[] =>
    [...result.acknowledged.values()].flatMap((ids) => [...ids]);

  it('writes each partition from exactly one replica, the partitions spread over all three', async () => {
    const writerOf = await spread();
    expect(new Set(writerOf.values()).size).toBe(3);
    // The load's chats reach every community partition.
    const reached = new Set(CHATS.map((chat) => partitionOf(`tg${chat}`, PARTITIONS)));
    expect(reached.size).toBe(PARTITIONS);
  });

  it('answers every kind of accounts command through any replica', async () => {
    const data: Record<string, any> = {};
    for (const name of ACCOUNTS_EXAMPLE_ORDER) {
      const command = AccountsCommands[name];
      const payload =
        name === 'linkCodeRedeem'
          ? { ...command.example, code: data['linkCodeCreate'].code }
          : command.example;
      const reply = await call<any>(command.subject, payload);
      expect({ name, reply }).toMatchObject({ name, reply: { ok: true } });
      if (reply.ok) {
        expect(() => parseOrThrow(command.response, reply.data)).not.toThrow();
        data[name] = reply.data;
      }
    }
    expect(data['userFind'].id).toBe(data['userUpsert'].id);
    expect(data['linkCodeRedeem'].identities).toHaveLength(3);

    const made: { keyId?: string; secretHash?: string; webhookId?: string } = {};
    for (const name of ACCOUNTS_INTEGRATIONS_EXAMPLE_ORDER) {
      const command = AccountsIntegrationCommands[name];
      const payload = { ...(command.example as Record<string, unknown>) };
      for (const field of ['keyId', 'secretHash', 'webhookId'] as const) {
        if (field in payload) payload[field] = made[field];
      }
      const reply = await call<any>(command.subject, payload);
      expect({ name, reply }).toMatchObject({ name, reply: { ok: true } });
      if (!reply.ok) continue;
      expect(() => parseOrThrow(command.response, reply.data)).not.toThrow();
      if (name === 'apiKeyCreate') Object.assign(made, apiKeyProof(reply.data.secret));
      if (name === 'webhookCreate') made.webhookId = reply.data.webhook.id;
    }

    // Many reads and writes at once, spread by the queue group over the three replicas: each answers right.
    const alice = data['userUpsert'].id as string;
    const ids = Array.from({ length: 30 }, (_, i) => `spread-${i}`);
    const upserted = await Promise.all(
      ids.map((id) => ok(S('community.upsert'), { id, title: `Title ${id}` })),
    );
    upserted.forEach((community, i) =>
      expect(community).toMatchObject({ id: ids[i], title: `Title ${ids[i]}` }),
    );
    const read = await Promise.all(
      ids.flatMap((id) => [
        ok(S('community.get'), { communityId: id }),
        ok(S('user.get'), { userId: alice }),
      ]),
    );
    read.forEach((reply, i) =>
      expect(reply).toMatchObject(
        i % 2 === 0 ? { id: ids[i / 2], title: `Title ${ids[i / 2]}` } : { id: alice },
      ),
    );
  });

  it('makes one user of concurrent membership.ensure for one new member through different replicas', async () => {
    const replies = await Promise.all(
      Array.from({ length: 30 }, () => ok<Ensured>(S('membership.ensure'), ensureOf('2999999'))),
    );
    const ids = new Set(replies.map((reply) => reply.user.id));
    expect(ids.size).toBe(1);
    const [userId] = [...ids];
    expect(await ok(S('user.find'), { provider: 'telegram', externalId: '2999999' })).toMatchObject({
      id: userId,
    });
    await expectEventsOnce([userId!]);
  });

  it('moves the partitions of a killed replica to the others, losing and doubling nothing', async () => {
    // The replica writing the global partition: every new member's ensure needs it.
    const victim = (await spread()).get(GLOBAL)!;
    const moved = [...servedBy(victim)];
    let endLoad!: () => void;
    const load = joinLoad(new Promise<void>((resolve) => (endLoad = resolve)));
    await sleep(1_500);
    const others = replicas.filter((replica) => replica !== victim);
    const killedAt = Date.now();
    await victim.process.kill('SIGKILL');
    const writerOf = await spread(others);
    const failoverMs = Date.now() - killedAt;
    await sleep(1_500);
    endLoad();
    const result = await load;

    for (const partition of moved) expect(others).toContain(writerOf.get(partition));
    expect(result.acknowledged.size).toBeGreaterThan(20);
    // Callers were told to retry while no replica wrote, never given a wrong answer or another error.
    expect(result.refusals.filter((refusal) => !/^(UNAVAILABLE|timeout)/.test(refusal))).toEqual([]);
    await expectAllThere(result);

    // Back with its name, it takes its share again; still exactly one writer per partition.
    await victim.start();
    await expectEventsOnce(userIdsOf(result));
    process.stdout.write(
      `accounts replicas: ${result.acknowledged.size} members joined; partitions ${moved.join(', ')} served again ${failoverMs} ms after their replica was killed (lease ttl ${LEASE_TTL_MS} ms); ${result.refusals.length} retryable refusals meanwhile\n`,
    );
  }, 90_000);

  it('refuses every write of a writer paused past its leases once it resumes, and the others serve meanwhile', async () => {
    // Paused while idle: a writer paused inside a transaction would hold the file's write lock, and no
    // replica could take over before it resumed (its commit then lands before the new writer's claim).
    const paused = (await spread()).get(partitionLabel(partitionOf(C, PARTITIONS)))!;
    const others = replicas.filter((replica) => replica !== paused);
    process.kill(paused.process.pid, 'SIGSTOP');
    let endLoad!: () => void;
    const load = joinLoad(new Promise<void>((resolve) => (endLoad = resolve)));
    // Requests reach its front door and its partitions' subscriptions and wait there; its leases expire and
    // the other replicas write its partitions; more requests reach the paused one's subscriptions meanwhile.
    await spread(others);
    await sleep(LEASE_TTL_MS);
    process.kill(paused.process.pid, 'SIGCONT');
    // The requests it took while paused reach its writer first, which finds the fence moved on.
    await waitFor(
      () => paused.process.logs().some((line) => line.includes('write refused by the partition fence')),
      { timeoutMs: 15_000, description: 'the resumed replica refused a write at the fence' },
    );
    await waitFor(
      () => paused.process.logs().some((line) => /partition lease (lost|not renewable)/.test(line)),
      { timeoutMs: 15_000, description: 'the resumed replica gave the partition up' },
    );
    await sleep(1_000);
    endLoad();
    const result = await load;

    // Still one writer per partition (the resumed replica is handed its share back, with new epochs).
    await spread();
    expect(result.acknowledged.size).toBeGreaterThan(0);
    expect(result.refusals.filter((refusal) => !/^(UNAVAILABLE|timeout)/.test(refusal))).toEqual([]);
    await expectAllThere(result);
    await expectEventsOnce(userIdsOf(result));
  }, 90_000);

  it('answers a retried apikey.create with the key made first, after its partition moved', async () => {
    const writer = await writerOfCommunity(C);
    const request = {
      requestId: 'replica-move-1',
      communityId: C,
      name: 'Moved server',
      scopes: ['read'],
      createdBy: 'cli:ops',
    };
    const first = await ok<{ apiKey: { id: string }; secret: string | null; repeated: boolean }>(
      S('apikey.create'),
      request,
    );
    expect(first).toMatchObject({ repeated: false, secret: expect.any(String) });

    await writer.process.kill('SIGKILL');
    const next = await writerOfCommunity(
      C,
      replicas.filter((replica) => replica !== writer),
    );
    expect(next).not.toBe(writer);

    const refusals: string[] = [];
    const again = await untilAnswered<{ apiKey: { id: string }; secret: string | null; repeated: boolean }>(
      S('apikey.create'),
      request,
      refusals,
    );
    expect(again).toEqual({ ok: true, data: { ...first, secret: null, repeated: true } });
    const { keyId, secretHash } = apiKeyProof(first.secret!)!;
    expect(await ok(S('apikey.verify'), { keyId, secretHash })).toMatchObject({ keyId, communityId: C });
    await writer.start();
  }, 60_000);
});
