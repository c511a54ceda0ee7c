/**
 * A game server paying members through the HTTP API during chaos: POST /v1/communities/:id/transfers with
 * an Idempotency-Key, spread round-robin over the api-gateway replicas (a load balancer comes in front of
 * them in production). No answer, a dropped connection, 502/503/504 or 429 is sent again with the same key
 * (to the next replica), so the payment moves money once; each 201 is recorded.
 */
import { ApiKeyCommands, LedgerCommands } from '@ticketonomics/contracts';
import { randomBytes } from 'node:crypto';
import type { Random } from '@ticketonomics/demo';
import { sleep, type ChaosRecord } from './chaos.record';
import type { ChaosTopology } from './chaos.topology';

const REQUEST_TIMEOUT_MS = 10_000;
const RETRY_FOR_MS = 60_000;
const RETRY_PAUSE_MS = 250;
const RETRIED_STATUSES = new Set([429, 502, 503, 504]);
const RATE_LIMIT_PER_MINUTE = 60_000;

interface KeyedCommunity {
  communityId: string;
  key: string;
  members: string[];
}

export class HttpPayer {
  private communities: KeyedCommunity[] = [];
  private sequence = 0;
  private next = 0;
  private readonly runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;

  constructor(
    private readonly topology: ChaosTopology,
    private readonly record: ChaosRecord,
    private readonly random: Random,
    private readonly stopped: () => boolean,
  ) {}

  /** An API key per community (read and transfer) and its members (owners of its user accounts). */
  async setUp(communityIds: string[]): Promise<void> {
    for (const communityId of communityIds) {
      const created = await this.topology.commands.request(ApiKeyCommands.apiKeyCreate, {
        communityId,
        name: 'chaos game server',
        scopes: ['read', 'transfer'],
        createdBy: 'cli:chaos',
        rateLimitPerMinute: RATE_LIMIT_PER_MINUTE,
      });
      if (created.secret === null) throw new Error('apikey.create answered no secret');
      const accounts = await this.topology.commands.request(LedgerCommands.accountList, {
        communityId,
        kind: 'user',
        limit: 100,
      });
      const members = accounts.items.flatMap((account) =>
        account.ownerId === null ? [] : [account.ownerId],
      );
      this.communities.push({ communityId, key: created.secret, members });
    }
  }

  /** Pays at `perSecond` until stopped. */
  async run(perSecond: number): Promise<void> {
    while (!this.stopped()) {
      const startedAt = Date.now();
      await this.payOnce();
      await sleep(Math.max(0, 1000 / perSecond - (Date.now() - startedAt)));
    }
  }

  private async payOnce(): Promise<void> {
    const community = this.communities[Math.floor(this.random() * this.communities.length)];
    if (community === undefined || community.members.length < 2) return;
    const from = community.members[Math.floor(this.random() * community.members.length)]!;
    const others = community.members.filter((member) => member !== from);
    const to = others[Math.floor(this.random() * others.length)]!;
    this.sequence += 1;
    const idempotencyKey = `chaos-${this.runId}-${this.sequence}`;
    const body = JSON.stringify({
      from,
      to,
      amount: 1 + Math.floor(this.random() * 5),
      memo: 'chaos game prize',
    });
    const giveUpAt = Date.now() + RETRY_FOR_MS;
    for (;;) {
      const urls = this.topology.gatewayUrls();
      const url = urls[this.next++ % urls.length]!;
      let why: string;
      try {
        const response = await fetch(`${url}/v1/communities/${community.communityId}/transfers`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${community.key}`,
            'content-type': 'application/json',
            'idempotency-key': idempotencyKey,
          },
          body,
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        const reply = (await response.json().catch(() => ({}))) as {
          transfer?: { id: string };
          error?: { code?: string };
        };
        if (response.status === 201 && reply.transfer !== undefined) {
          this.record.transfer({
            id: reply.transfer.id,
            communityId: community.communityId,
            channel: 'http',
          });
          this.record.count('http payment acknowledged');
          return;
        }
        if (!RETRIED_STATUSES.has(response.status)) {
          this.record.count(`http payment refused: ${response.status} ${reply.error?.code ?? ''}`.trim());
          return;
        }
        why = `http ${response.status} ${reply.error?.code ?? ''}`.trim();
      } catch (error) {
        why = `http ${(error as Error).name === 'TimeoutError' ? 'timeout' : 'connection error'}`;
      }
      this.record.retried(why);
      if (Date.now() > giveUpAt) {
        this.record.givenUp.push(`POST transfers ${idempotencyKey}: ${why}`);
        return;
      }
      await sleep(RETRY_PAUSE_MS);
    }
  }
}
