import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { existsSync, readFileSync } from 'node:fs';
import { guardedChildPids } from './child-reaper';
import { startNatsCluster, type NatsClusterHarness } from './nats-cluster.harness';

describe('startNatsCluster', () => {
  let cluster: NatsClusterHarness;

  beforeAll(async () => {
    cluster = await startNatsCluster({ nodes: 3 });
  });

  afterAll(async () => {
    await cluster?.dispose();
  });

  it('runs three nodes on their own ports and stores, and names all of them in url', async () => {
    expect(cluster.nodes).toHaveLength(3);
    expect(cluster.url).toBe(cluster.nodes.map((node) => node.url).join(','));
    expect(new Set(cluster.nodes.map((node) => node.storeDir)).size).toBe(3);
    for (const node of cluster.nodes) {
      expect(node.running).toBe(true);
      expect(guardedChildPids()).toContain(node.pid);
      expect(existsSync(node.logPath)).toBe(true);
    }
    expect(cluster.serviceEnv('ledger')).toMatchObject({ NATS_URL: cluster.url, NATS_REPLICAS: '3' });
    expect(cluster.nodes.map((node) => node.name)).toContain(await cluster.metaLeader());
  });

  it('refuses clients without credentials, like the single server', async () => {
    const { connect } = await import('@nats-io/transport-node');
    await expect(connect({ servers: cluster.nodes[0]!.url, reconnect: false })).rejects.toThrow(
      /Authorization/i,
    );
  });

  it('keeps an R3 stream readable and writable with one node stopped, and the node catches up on start', async () => {
    const nc = await cluster.connect('operator', { maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    try {
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({ name: 'CLUSTER_SPEC', subjects: ['cluster.spec.>'], num_replicas: 3 });
      const js = jetstream(nc);
      await js.publish('cluster.spec.a', 'one', { msgID: 'm1' });

      const info = await jsm.streams.info('CLUSTER_SPEC');
      expect(info.config.num_replicas).toBe(3);
      const leader = cluster.indexOf(info.cluster!.leader!);
      await cluster.stop(leader);
      expect(cluster.nodes[leader]!.running).toBe(false);

      // A new stream leader is elected among the two left; publishing goes on (retried while it is).
      let ack;
      for (let attempt = 0; ack === undefined; attempt += 1) {
        try {
          ack = await js.publish('cluster.spec.a', 'two', { msgID: 'm2', timeout: 1_000 });
        } catch (error) {
          if (attempt > 50) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      expect(ack.seq).toBe(2);

      await cluster.start(leader);
      expect(cluster.nodes[leader]!.running).toBe(true);
      expect((await jsm.streams.info('CLUSTER_SPEC')).state.messages).toBe(2);
      expect(readFileSync(`${cluster.dir}/n1.conf`, 'utf8')).toMatch(/cluster \{[\s\S]*authorization/);
    } finally {
      await nc.close();
    }
  });

  it('finds the node a named connection is on', async () => {
    const nc = await cluster.connect('operator', { servers: cluster.nodes[2]!.url, name: 'find-me' });
    try {
      expect(await cluster.nodeOfConnection('find-me')).toBe(2);
      expect(await cluster.nodeOfConnection('nobody')).toBeUndefined();
    } finally {
      await nc.close();
    }
  });
});
