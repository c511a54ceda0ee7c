/**
 * infra/scripts/nats-replicas.mjs (run from dist/: `npm test` builds first) moving a deployment made on one
 * copy to a cluster of three: the event stream, the audit stream and the api-gateway's buckets get three
 * replicas, with their messages.
 */
import { AUDIT_STREAM, EVENT_STREAM, RATE_LIMIT_BUCKET, REPLAY_MARKS_BUCKET } from '@ticketonomics/contracts';
import { ensureEventStream, EVENT_STREAM_LIMITS_DEFAULT } from '@ticketonomics/messaging';
import { findRepoRoot, startNatsCluster, type NatsClusterHarness } from '@ticketonomics/testing';
import { jetstream, jetstreamManager, StorageType } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

describe('nats-replicas (operator script)', () => {
  let cluster: NatsClusterHarness;
  let nc: NatsConnection;

  const run = (replicas: string) =>
    spawnSync(process.execPath, [join(findRepoRoot(), 'infra', 'scripts', 'nats-replicas.mjs')], {
      env: {
        ...process.env,
        NATS_URL: cluster.url,
        NATS_CREDENTIALS_FILE: cluster.credentialsFile('operator'),
        NATS_REPLICAS: replicas,
      },
      encoding: 'utf8',
      timeout: 30_000,
    });

  beforeAll(async () => {
    cluster = await startNatsCluster({ nodes: 3 });
    nc = await cluster.connect();
  });

  afterAll(async () => {
    await nc?.close();
    await cluster?.dispose();
  });

  it('raises every stream and bucket made with one replica to three, keeping their messages', async () => {
    const jsm = await jetstreamManager(nc);
    expect(await ensureEventStream(nc, { ...EVENT_STREAM_LIMITS_DEFAULT, replicas: 1 })).toEqual({
      replicas: 1,
    });
    await jetstream(nc).publish('tk.evt.ledger.transfer.posted', '{}', { msgID: 'e1' });
    await jsm.streams.add({
      name: AUDIT_STREAM,
      subjects: ['tk.audit.>'],
      max_bytes: 1024 * 1024,
      num_replicas: 1,
    });
    const kvm = new Kvm(nc);
    await kvm.create(RATE_LIMIT_BUCKET, { history: 1, storage: StorageType.Memory, replicas: 1 });
    const replays = await kvm.create(REPLAY_MARKS_BUCKET, { history: 1, replicas: 1 });
    await replays.put('r1', new Uint8Array([1]));

    const result = run('3');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    for (const name of [EVENT_STREAM, AUDIT_STREAM, `KV_${RATE_LIMIT_BUCKET}`, `KV_${REPLAY_MARKS_BUCKET}`]) {
      expect(result.stdout).toContain(`${name}: 1 → 3 replica(s)`);
      expect((await jsm.streams.info(name)).config.num_replicas).toBe(3);
    }
    expect((await jsm.streams.info(EVENT_STREAM)).state.messages).toBe(1);
    expect((await replays.get('r1'))?.value).toEqual(new Uint8Array([1]));
    // A service asking for 3 now finds them; running the script again changes nothing.
    expect(await ensureEventStream(nc, { ...EVENT_STREAM_LIMITS_DEFAULT, replicas: 3 })).toEqual({
      replicas: 3,
    });
    expect(run('3').stdout).toContain(`${EVENT_STREAM}: 3 replica(s), kept`);
  });

  it('refuses a replica count other than 1 or 3, saying what it takes', () => {
    const result = run('2');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('set NATS_REPLICAS to 1 (one NATS server) or 3');
  });
});
