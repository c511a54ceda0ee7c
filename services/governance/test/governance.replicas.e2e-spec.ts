import type { Proposal } from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import {
  makeTempDir,
  readMetric,
  removeDir,
  spawnBackendService,
  startNatsServer,
  waitFor,
  type BackendService,
  type NatsServerHarness,
} from '@ticketonomics/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import { AC, G, L, TEST_GOVERNANCE_ENV } from './support/governance.harness';

/**
 * Two governance replicas on one data directory, as `docker compose up --scale governance=2` runs them:
 * each community's proposals are decided and applied by its partition's owner only. Six communities pass a
 * tax change each; the replica owning partitions is SIGKILLed as the votes end and comes back later. The
 * other takes the partitions over, and afterwards every change was applied exactly once: the ledger's
 * policy moved one version per community, and the history holds one change per proposal.
 */
const CHATS = Array.from({ length: 6 }, (_, i) => `-10090000001${i}`);
const VOTING_PERIOD_MS = 3_000;
const REPLICA_ENV = {
  ...TEST_GOVERNANCE_ENV,
  GOVERNANCE_PARTITIONS: '2',
  GOVERNANCE_LEASE_TTL_MS: '2000',
  GOVERNANCE_OWNER_WAIT_MS: '4000',
};

describe('governance replicas: a passed change applies once while the owning replica dies', () => {
  let nats: NatsServerHarness;
  let dataDir: string;
  let nc: NatsConnection;
  let client: CommandClient;
  let others: BackendService[] = [];
  const replicas: BackendService[] = [];

  beforeAll(async () => {
    nats = await startNatsServer();
    dataDir = await makeTempDir('governance-replicas-');
    others = await Promise.all([
      spawnBackendService({ name: 'ledger', nats, dataDir }),
      spawnBackendService({ name: 'accounts', nats, dataDir }),
    ]);
    for (const id of ['a', 'b']) {
      replicas.push(
        await spawnBackendService({
          name: 'governance',
          nats,
          dataDir,
          env: { ...REPLICA_ENV, GOVERNANCE_REPLICA_ID: id },
        }),
      );
    }
    nc = await nats.connect('operator', { maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    client = new CommandClient(nc, { timeoutMs: 10_000 });
  }, 90_000);

  afterAll(async () => {
    await nc?.close().catch(() => undefined);
    await Promise.all([...replicas, ...others].map((service) => service.process.stop()));
    await nats?.dispose();
    await removeDir(dataDir);
  });

  const partitionsServed = async (replica: BackendService) =>
    replica.process.running ? ((await readMetric(replica, 'governance_partitions_served')) ?? 0) : 0;

  it('decides and applies every proposal exactly once across a kill and a restart', async () => {
    const communities: Array<{ communityId: string; voters: string[]; version: number }> = [];
    for (const chat of CHATS) {
      const voters: string[] = [];
      let communityId = '';
      for (const [telegramId, name] of [
        ['9101', 'alice'],
        ['9102', 'bob'],
      ]) {
        const ensured = await client.request(AC.membershipEnsure, {
          community: { telegramChatId: chat, title: 'Replicated' },
          user: {
            identity: { provider: 'telegram', externalId: telegramId },
            username: name,
            displayName: name,
          },
        });
        voters.push(ensured.user.id);
        communityId = ensured.communityId;
      }
      await client.request(G.settingsSet, {
        communityId,
        votingPeriodMs: VOTING_PERIOD_MS,
        timelockMs: 500,
        quorumBps: 5_000,
        membershipDaysMin: 0,
        activityDays: null,
        proposalCooldownMs: 0,
      });
      const { version } = await client.request(L.policyGet, { communityId });
      communities.push({ communityId, voters, version });
    }

    const proposals: Proposal[] = [];
    for (const { communityId, voters } of communities) {
      let proposal: Proposal | undefined;
      await waitFor(
        async () => {
          proposal = await client
            .request(G.proposalCreate, {
              requestId: `replicated-${communityId}`,
              communityId,
              proposerId: voters[0]!,
              parameter: 'ledger.taxBps',
              value: 100,
              title: 'A 1% tax for the common fund',
            })
            .catch(() => undefined);
          return proposal !== undefined;
        },
        { timeoutMs: 15_000, intervalMs: 100, description: `governance to know ${communityId}'s members` },
      );
      for (const voterId of voters) {
        await client.request(G.proposalVote, {
          communityId,
          proposalId: proposal!.id,
          voterId,
          choice: 'yes',
        });
      }
      proposals.push(proposal!);
    }

    const statuses = async () =>
      Promise.all(
        proposals.map(
          async (p) =>
            (await client.request(G.proposalGet, { communityId: p.communityId, proposalId: p.id })).status,
        ),
      );
    // Kill a replica that owns partitions as the first votes end, while proposals are being decided.
    const victim = (await partitionsServed(replicas[0]!)) > 0 ? 0 : 1;
    const endsAt = Math.min(...proposals.map((p) => Date.parse(p.votingEndsAt)));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, endsAt - Date.now() + 200)));
    await replicas[victim]!.process.kill('SIGKILL');
    console.log(`statuses when the owner was killed: ${(await statuses()).join(', ')}`);

    await waitFor(async () => (await statuses()).every((status) => status === 'applied'), {
      timeoutMs: 30_000,
      intervalMs: 200,
      description: 'every proposal applied by the surviving replica',
    });
    await replicas[victim]!.start();
    await waitFor(
      async () => (await partitionsServed(replicas[0]!)) + (await partitionsServed(replicas[1]!)) === 2,
      { timeoutMs: 20_000, intervalMs: 200, description: 'both partitions served after the restart' },
    );

    for (const { communityId, version } of communities) {
      const policy = await client.request(L.policyGet, { communityId });
      expect({ communityId, taxBps: policy.taxBps, versions: policy.version - version }).toEqual({
        communityId,
        taxBps: 100,
        versions: 1,
      });
      await waitFor(
        async () =>
          (await client.request(G.historyList, { communityId, parameter: 'ledger.taxBps' })).items.length > 0,
        { timeoutMs: 15_000, intervalMs: 200, description: `the history of ${communityId}` },
      );
    }
    // Let a late redelivery of the ledger's events arrive: it must not add a second change.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const proposal of proposals) {
      const history = await client.request(G.historyList, {
        communityId: proposal.communityId,
        parameter: 'ledger.taxBps',
      });
      expect(
        history.items.map(({ newValue, source, proposalId }) => ({ newValue, source, proposalId })),
      ).toEqual([{ newValue: 100, source: 'proposal', proposalId: proposal.id }]);
    }
  }, 120_000);
});
