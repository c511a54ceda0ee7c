import { LedgerCommands } from '@ticketonomics/contracts';
import { CommandClient, encodeJson } from '@ticketonomics/messaging';
import { startNatsServer, type NatsServerHarness } from '@ticketonomics/testing';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import pino from 'pino';
import { partitionOf } from './partition.hash';
import {
  globalPartitionOf,
  PartitionFrontDoor,
  routed,
  type PartitionFrontDoorOptions,
} from './partition.front-door';
import { partitionSubject } from './partition.subjects';

const PARTITIONS = 4;

describe('PartitionFrontDoor (real nats-server)', () => {
  let nats: NatsServerHarness;
  let connection: NatsConnection;
  const doors: PartitionFrontDoor[] = [];
  const owners: Subscription[] = [];

  beforeAll(async () => {
    nats = await startNatsServer({ jetstream: false });
    connection = await nats.connect();
  });
  afterEach(async () => {
    await Promise.all(doors.splice(0).map((door) => door.close()));
    for (const owner of owners.splice(0)) owner.unsubscribe();
  });
  afterAll(async () => {
    await connection?.close();
    await nats?.dispose();
  });

  function door(
    ownerWaitMs = 1_000,
    local?: PartitionFrontDoorOptions['local'],
    globalPartition = false,
  ): PartitionFrontDoor {
    const frontDoor = new PartitionFrontDoor({
      connection,
      service: 'ledger',
      partitionCount: PARTITIONS,
      globalPartition,
      commands: [
        routed(LedgerCommands.policyGet, () => ({ global: true })),
        routed(LedgerCommands.accountGet, (request, context) => ({
          first: context.partitionOf(request.accountId),
          missed: (reply) => !reply.ok && reply.error.code === 'NOT_FOUND',
          otherwise: { everyPartition: true },
        })),
        routed(LedgerCommands.supplyGet, (request) => ({ communityId: request.communityId })),
        routed(LedgerCommands.transferGet, () => ({ everyPartition: true })),
        routed(LedgerCommands.journalVerify, (_request, context) => ({
          fanOut: Array.from({ length: context.partitionCount }, (_, partition) => ({
            partition,
            request: {},
          })),
          merge: (replies) =>
            replies.every((reply) => reply.ok)
              ? {
                  ok: true,
                  data: {
                    entries: replies.map((reply) =>
                      reply.ok ? (reply.data as { entries: number }).entries : 0,
                    ),
                  },
                }
              : replies.find((reply) => !reply.ok)!,
        })),
      ],
      logger: pino({ level: 'silent' }),
      ownerWaitMs,
      ownerTimeoutMs: 1_000,
      inFlightMax: 100,
      local,
    });
    frontDoor.start();
    doors.push(frontDoor);
    return frontDoor;
  }

  /** A partition's owner, answering what it is asked with its own partition number. */
  function owner(partition: number, subject: string, answer: (data: unknown) => unknown): void {
    owners.push(
      connection.subscribe(partitionSubject('ledger', partition, subject), {
        callback: (_error, msg) => {
          msg.respond(encodeJson(answer(JSON.parse(new TextDecoder().decode(msg.data)))));
        },
      }),
    );
  }

  const supply = (communityId: string, partition: number) => ({
    ok: true,
    data: { communityId, supply: partition, treasury: 0, circulating: partition, issuance: -partition },
  });

  it("passes each request to the owner of its community's partition and relays the answer", async () => {
    door();
    for (let partition = 0; partition < PARTITIONS; partition += 1) {
      owner(partition, LedgerCommands.supplyGet.subject, (data) =>
        supply((data as { communityId: string }).communityId, partition),
      );
    }
    const client = new CommandClient(connection);
    for (const communityId of ['demo', 'tg_1001', 'tg_1002', 'tg_1003', 'tg_1004']) {
      const answer = (await client.request(LedgerCommands.supplyGet, { communityId })) as { supply: number };
      expect(answer.supply).toBe(partitionOf(communityId, PARTITIONS));
    }
  });

  it('waits for a partition that has no owner yet, then answers UNAVAILABLE saying to retry', async () => {
    door(600);
    const client = new CommandClient(connection);
    const askedAt = Date.now();
    await expect(client.request(LedgerCommands.supplyGet, { communityId: 'demo' })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(
        /^partition p00\d of ledger has no replica serving it right now .* retry/,
      ),
      details: { state: 'partition-unowned' },
    });
    expect(Date.now() - askedAt).toBeGreaterThanOrEqual(550);

    // An owner that turns up while the request waits answers it.
    const pending = client.request(LedgerCommands.supplyGet, { communityId: 'demo' });
    setTimeout(
      () => owner(partitionOf('demo', PARTITIONS), LedgerCommands.supplyGet.subject, () => supply('demo', 9)),
      200,
    );
    await expect(pending).resolves.toMatchObject({ supply: 9 });
  });

  it('asks every partition for a command that names no community, and answers from the one that knows', async () => {
    door();
    const found = { id: 't-1', communityId: 'demo' };
    for (let partition = 0; partition < PARTITIONS; partition += 1) {
      owner(partition, LedgerCommands.transferGet.subject, (data) =>
        partition === 2 && (data as { transferId: string }).transferId === 't-1'
          ? { ok: true, data: found }
          : {
              ok: false,
              error: {
                code: 'NOT_FOUND',
                message: 'transferId: no transfer',
                details: { field: 'transferId' },
              },
            },
      );
    }
    const ask = (transferId: string) =>
      connection
        .request(LedgerCommands.transferGet.subject, encodeJson({ transferId }), { timeout: 2_000 })
        .then((reply) => JSON.parse(new TextDecoder().decode(reply.data)) as unknown);
    await expect(ask('t-1')).resolves.toEqual({ ok: true, data: found });
    await expect(ask('t-2')).resolves.toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('sends a command of no community to the global partition, which every-partition commands leave out', async () => {
    door(300, undefined, true);
    const global = globalPartitionOf(PARTITIONS);
    expect(global).toBe(PARTITIONS);
    owner(global, LedgerCommands.policyGet.subject, () => ({ ok: true, data: { from: 'global' } }));
    const asked: number[] = [];
    for (let partition = 0; partition <= global; partition += 1) {
      owner(partition, LedgerCommands.transferGet.subject, () => {
        asked.push(partition);
        return { ok: false, error: { code: 'NOT_FOUND', message: 'transferId: no transfer' } };
      });
    }
    const ask = (subject: string, body: unknown) =>
      connection
        .request(subject, encodeJson(body), { timeout: 2_000 })
        .then((reply) => JSON.parse(new TextDecoder().decode(reply.data)) as unknown);
    await expect(ask(LedgerCommands.policyGet.subject, { communityId: 'demo' })).resolves.toEqual({
      ok: true,
      data: { from: 'global' },
    });
    await expect(ask(LedgerCommands.transferGet.subject, { transferId: 't-1' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(asked.sort()).toEqual([0, 1, 2, 3]);
  });

  it('asks the hinted partition first, and every partition only when it misses', async () => {
    door(300);
    const asked: number[] = [];
    const held = new Map([
      ['made-here', partitionOf('made-here', PARTITIONS)],
      ['made-before', (partitionOf('made-before', PARTITIONS) + 1) % PARTITIONS],
    ]);
    for (let partition = 0; partition < PARTITIONS; partition += 1) {
      owner(partition, LedgerCommands.accountGet.subject, (data) => {
        const { accountId } = data as { accountId: string };
        asked.push(partition);
        return held.get(accountId) === partition
          ? { ok: true, data: { accountId, partition } }
          : { ok: false, error: { code: 'NOT_FOUND', message: 'accountId: no account' } };
      });
    }
    const ask = async (accountId: string) => {
      asked.length = 0;
      const reply = await connection.request(LedgerCommands.accountGet.subject, encodeJson({ accountId }), {
        timeout: 2_000,
      });
      return JSON.parse(new TextDecoder().decode(reply.data)) as unknown;
    };
    await expect(ask('made-here')).resolves.toEqual({
      ok: true,
      data: { accountId: 'made-here', partition: held.get('made-here') },
    });
    expect(asked).toEqual([held.get('made-here')]);
    await expect(ask('made-before')).resolves.toEqual({
      ok: true,
      data: { accountId: 'made-before', partition: held.get('made-before') },
    });
    expect(asked).toHaveLength(1 + PARTITIONS);
    await expect(ask('unknown')).resolves.toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('refuses a global route when the service has no global partition', async () => {
    door(300);
    const reply = await connection.request(
      LedgerCommands.policyGet.subject,
      encodeJson({ communityId: 'demo' }),
      { timeout: 2_000 },
    );
    expect(JSON.parse(new TextDecoder().decode(reply.data))).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
  });

  it('sends each part of a fanned-out command to its partition and merges the replies', async () => {
    door(300);
    for (let partition = 0; partition < PARTITIONS; partition += 1) {
      owner(partition, LedgerCommands.journalVerify.subject, () => ({
        ok: true,
        data: { entries: partition * 10 },
      }));
    }
    const ask = () =>
      connection
        .request(LedgerCommands.journalVerify.subject, encodeJson({}), { timeout: 2_000 })
        .then((reply) => JSON.parse(new TextDecoder().decode(reply.data)) as unknown);
    await expect(ask()).resolves.toEqual({ ok: true, data: { entries: [0, 10, 20, 30] } });

    // A partition without an owner makes its part an UNAVAILABLE reply, which this merge passes on.
    owners.pop()!.unsubscribe();
    await expect(ask()).resolves.toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE', details: { state: 'partition-unowned' } },
    });
  });

  it('answers the partitions its own replica serves in process, without the hop', async () => {
    const here = partitionOf('demo', PARTITIONS);
    const asked: string[] = [];
    door(300, (partition) =>
      partition === here
        ? async (subject, data) => {
            asked.push(`${subject} ${new TextDecoder().decode(data)}`);
            return encodeJson(supply('demo', 42));
          }
        : undefined,
    );
    const client = new CommandClient(connection);
    await expect(client.request(LedgerCommands.supplyGet, { communityId: 'demo' })).resolves.toMatchObject({
      supply: 42,
    });
    expect(asked).toEqual([`${LedgerCommands.supplyGet.subject} {"communityId":"demo"}`]);
  });

  it("answers a bad request itself, with the contract's own validation", async () => {
    door();
    const reply = await connection.request(LedgerCommands.supplyGet.subject, encodeJson({ community: 1 }), {
      timeout: 2_000,
    });
    expect(JSON.parse(new TextDecoder().decode(reply.data))).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    const notJson = await connection.request(
      LedgerCommands.supplyGet.subject,
      new TextEncoder().encode('{'),
      {
        timeout: 2_000,
      },
    );
    expect(JSON.parse(new TextDecoder().decode(notJson.data))).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('not valid JSON') },
    });
  });

  it('shares the public subjects between replicas: each request is passed on once', async () => {
    door();
    door();
    let asked = 0;
    for (let partition = 0; partition < PARTITIONS; partition += 1) {
      owner(partition, LedgerCommands.supplyGet.subject, (data) => {
        asked += 1;
        return supply((data as { communityId: string }).communityId, partition);
      });
    }
    const client = new CommandClient(connection);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        client.request(LedgerCommands.supplyGet, { communityId: `c${i}` }),
      ),
    );
    expect(asked).toBe(20);
  });
});
