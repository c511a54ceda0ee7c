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
import type { NatsConnection } from '@nats-io/transport-node';

/**
 * `docker compose up --scale accounts=3` as local processes: three replicas with the same environment on
 * one data directory (one `accounts.sqlite`), each with its own ACCOUNTS_REPLICA_ID as each container has
 * its own host name. Exactly one of them writes (it holds the lease); the others answer the public
 * subjects and pass each command to it. The writer is killed, and later paused past its lease and
 * resumed: another replica takes over, the paused one's writes are refused by the fence, and every
 * acknowledged write is there once, its events published once.
 */
const LEASE_TTL_MS = 2_000;
const ENV = {
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
const S = (verb: string): string => `tk.cmd.accounts.${verb}`;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** membership.ensure for a Telegram member of the test chat, as the Telegram gateway sends it. */
const ensureOf = (externalId: string) => ({
  community: { telegramChatId: CHAT, title: 'Replica town' },
  user: { identity: { provider: 'telegram', externalId }, displayName: `member ${externalId}` },
});

interface Ensured {
  communityId: string;
  user: { id: string };
}

/** What a stream of retried writes saw: the ids acknowledged per identity, and every refusal. */
interface LoadResult {
  acknowledged: Map<string, Set<string>>;
  /** Every answer that was not ok, as `CODE state` (or `timeout`): all must be retryable. */
  refusals: string[];
}

describe('accounts replicas sharing one volume: one writer by lease, failover and fencing', () => {
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

  /** Which live replicas say they write now (a paused or dead one says nothing). */
  async function writers(live: BackendService[]): Promise<BackendService[]> {
    const flags = await Promise.all(
      live.map((replica) =>
        replica.process.running ? metric(replica, 'accounts_writer').catch(() => 0) : 0,
      ),
    );
    return live.filter((_, index) => flags[index] === 1);
  }

  async function theWriter(live: BackendService[] = replicas): Promise<BackendService> {
    let found: BackendService | undefined;
    await waitFor(
      async () => {
        const now = await writers(live);
        found = now.length === 1 ? now[0] : undefined;
        return found !== undefined;
      },
      { timeoutMs: 20_000, intervalMs: 100, description: 'exactly one accounts replica writing' },
    );
    return found!;
  }

  /**
   * Waits for the balancer's resting state with every replica up: the first replica by id writes (a single
   * partition goes to the first live replica, so a restarted `a` is handed the lease back).
   */
  async function settled(): Promise<BackendService> {
    const first = replicas[0]!;
    await waitFor(
      async () =>
        (await writers(replicas)).map((replica) => replica.process.pid).join() === String(first.process.pid),
      { timeoutMs: 20_000, intervalMs: 100, description: 'replica a writing, and only it' },
    );
    return first;
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

  /** New members joining through whichever replica each request reaches, until `stop` resolves. */
  async function joinLoad(stop: Promise<void>): Promise<LoadResult> {
    const result: LoadResult = { acknowledged: new Map(), refusals: [] };
    let stopped = false;
    void stop.then(() => (stopped = true));
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (!stopped) {
          nextMember += 1;
          const externalId = String(nextMember);
          const reply = await untilAnswered<Ensured>(
            S('membership.ensure'),
            ensureOf(externalId),
            result.refusals,
          );
          if (!reply.ok) continue;
          expect(reply.data.communityId).toBe(C);
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
      expect(await ok(S('membership.get'), { communityId: C, userId: found.id })).toMatchObject({
        status: 'active',
      });
    }
  }

  /** Once the writer's outbox is empty: each accounts event is in the stream once, and each user created once. */
  async function expectEventsOnce(userIds: string[]): Promise<void> {
    const writer = await theWriter();
    await waitFor(async () => (await metric(writer, 'accounts_outbox_unsent')) === 0, {
      timeoutMs: 20_000,
      description: 'the writer’s outbox published',
    });
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

  it('has exactly one writer, chosen by the lease: the first replica in id order once all are up', async () => {
    // Whichever replica started first took the lease; the balancer's even spread (a single partition goes
    // to the first live replica by id) then hands it over to `a`.
    expect(await settled()).toBe(replicas[0]);
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

  it('serves again from another replica soon after the writer is killed, losing and doubling nothing', async () => {
    const writer = await settled();
    let endLoad!: () => void;
    const load = joinLoad(new Promise<void>((resolve) => (endLoad = resolve)));
    await sleep(1_500);
    const others = replicas.filter((replica) => replica !== writer);
    const killedAt = Date.now();
    await writer.process.kill('SIGKILL');
    const next = await theWriter(others);
    const failoverMs = Date.now() - killedAt;
    await sleep(1_500);
    endLoad();
    const result = await load;

    expect(result.acknowledged.size).toBeGreaterThan(20);
    // Callers were told to retry while no replica wrote, never given a wrong answer or another error.
    expect(result.refusals.filter((refusal) => !/^(UNAVAILABLE|timeout)/.test(refusal))).toEqual([]);
    await expectAllThere(result);
    await expectEventsOnce(userIdsOf(result));
    expect(others).toContain(next);
    process.stdout.write(
      `accounts replicas: ${result.acknowledged.size} members joined; writer replaced ${failoverMs} ms after it was killed (lease ttl ${LEASE_TTL_MS} ms); ${result.refusals.length} retryable refusals meanwhile\n`,
    );

    // Back with its name, it joins again; still exactly one replica writes.
    await writer.start();
    await theWriter();
  }, 90_000);

  it('refuses every write of a writer paused past its lease once it resumes, and another serves meanwhile', async () => {
    // Paused while idle: a writer paused inside a transaction would hold the file's write lock, and no
    // replica could take over before it resumed (its commit then lands before the new writer's claim).
    const paused = await settled();
    const others = replicas.filter((replica) => replica !== paused);
    process.kill(paused.process.pid, 'SIGSTOP');
    let endLoad!: () => void;
    const load = joinLoad(new Promise<void>((resolve) => (endLoad = resolve)));
    // Requests reach its front door and its partition's subscription and wait there; its lease expires and
    // another replica writes; more requests reach the paused one's subscriptions meanwhile.
    await theWriter(others);
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

    // Still one writer (the resumed replica may be handed the lease back, with a new epoch).
    await theWriter();
    expect(result.acknowledged.size).toBeGreaterThan(0);
    expect(result.refusals.filter((refusal) => !/^(UNAVAILABLE|timeout)/.test(refusal))).toEqual([]);
    await expectAllThere(result);
    await expectEventsOnce(userIdsOf(result));
  }, 90_000);

  it('answers a retried apikey.create with the key made first, after the writer changed', async () => {
    const writer = await settled();
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
    const next = await theWriter(replicas.filter((replica) => replica !== writer));
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
