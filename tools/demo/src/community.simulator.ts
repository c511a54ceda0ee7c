import {
  AccountsCommands,
  ArtifactsCommands,
  isDomainError,
  ledgerAccountId,
  LedgerCommands,
  type CommandRequest,
  type CommandResponse,
  type CommandSpec,
} from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import { createHash, randomBytes } from 'node:crypto';
import {
  CHAT_LINES,
  DEMO_ACTION_WEIGHTS,
  DEMO_ARTIFACTS,
  DEMO_MAYOR,
  DEMO_MEMBERS,
  listingPrice,
  PAYMENT_MEMOS,
  paymentAmount,
  pickOne,
  pickWeighted,
  randomInt,
  seededRandom,
  type DemoAction,
  type DemoMember,
  type DemoOptions,
  type Random,
} from './demo.plan';

/** What the simulator needs of NATS: typed command requests (the real commands, over the real bus). */
export type DemoCommands = Pick<CommandClient, 'request'>;

const SERVICES_READY_TIMEOUT_MS = 90_000;
const SERVICES_POLL_MS = 500;
const SUMMARY_EVERY_MS = 15_000;
/** Listings on the market at most; past it members take their oldest listing down instead of adding one. */
const ACTIVE_LISTINGS_MAX = 12;

interface Resident {
  member: DemoMember;
  userId: string;
  accountId: string;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * A simulated community for `npm run demo`: it sets up members, a policy and an artifact shop, then keeps
 * members earning, paying, buying, listing and trading at a steady pace, every action a real command to
 * the ledger, accounts or artifacts service. Expected refusals (not enough tickets, an item sold out)
 * are counted and skipped, as a real member would shrug and try something else.
 */
export class CommunitySimulator {
  private readonly random: Random;
  private readonly runId: string;
  private residents: Resident[] = [];
  private mayor: Resident | undefined;
  private sequence = 0;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private readonly counts = new Map<string, number>();
  private readonly countsSinceStart = new Map<string, number>();
  private lastSummaryAt = Date.now();

  constructor(
    private readonly commands: DemoCommands,
    private readonly options: DemoOptions,
    private readonly log: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {
    this.random = seededRandom(options.seed);
    // Ids of this run's requests: unique per run (and per simulator, when several play at once), short
    // enough for artifacts' 48-character request ids.
    this.runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  }

  /** Waits for the services, then creates (or finds again) the community, its members and its shop. */
  async setUp(): Promise<void> {
    await this.waitForServices();
    const { communityId, title } = this.options;
    await this.ask(AccountsCommands.communityUpsert, { id: communityId, title });
    await this.ask(LedgerCommands.policySet, {
      communityId,
      currencyName: 'Ticket',
      currencySymbol: '🎟',
      taxBps: 100,
    });
    await this.ask(AccountsCommands.settingsSet, {
      communityId,
      rewards: {
        messageReward: 3,
        messageCooldownMs: 0,
        messageLengthMin: 5,
        dailyMessageRewardsMax: 10_000,
      },
      // Dashboards are private until an admin opens them; the demo town is there to be watched.
      dashboard: { public: true },
    });
    await this.ask(ArtifactsCommands.settingsSet, { communityId, marketFeeBps: 250 });

    this.mayor = await this.settle(DEMO_MAYOR, 'owner');
    this.residents = [];
    for (const member of DEMO_MEMBERS) this.residents.push(await this.settle(member, 'member'));

    const onSale = await this.ask(ArtifactsCommands.shopBrowse, { communityId, limit: 200 });
    for (const artifact of DEMO_ARTIFACTS) {
      const type = await this.ask(ArtifactsCommands.typeCreate, {
        requestId: `demo-type-${artifact.key}`,
        communityId,
        creatorId: this.mayor.userId,
        asAdmin: true,
        name: artifact.name,
        description: artifact.description,
        emoji: artifact.emoji,
        rarity: artifact.rarity,
        supplyMax: artifact.supplyMax,
        royaltyBps: artifact.royaltyBps,
      });
      if (!onSale.items.some(({ item }) => item.typeId === type.id)) {
        await this.ask(ArtifactsCommands.shopAdd, { communityId, typeId: type.id, price: artifact.price });
      }
    }
    this.log(
      `${communityId}: ${this.residents.length} members, ${DEMO_ARTIFACTS.length} artifacts in the shop`,
    );
  }

  /** Plays actions at the configured pace until stop(). */
  start(): void {
    const intervalMs = 1000 / this.options.actionsPerSecond;
    this.loop = (async () => {
      let next = Date.now();
      while (!this.stopping) {
        await this.step();
        next += intervalMs;
        // Behind schedule (a slow command): start again from now rather than bursting to catch up.
        if (next < Date.now()) next = Date.now();
        while (!this.stopping && Date.now() < next)
          await sleep(Math.max(0, Math.min(100, next - Date.now())));
      }
    })();
  }

  /** Finishes the action in progress and stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop;
  }

  /** One action, chosen by weight; a refusal is counted, never thrown. */
  async step(): Promise<DemoAction> {
    const action = pickWeighted(this.random, DEMO_ACTION_WEIGHTS);
    try {
      const done = await this.play(action);
      this.count(done ? action : `${action} (nothing to do)`);
    } catch (error) {
      const code = isDomainError(error) ? error.code : 'ERROR';
      this.count(`${action} refused: ${code}`);
      if (code === 'UNAVAILABLE' || code === 'ERROR' || code === 'INTERNAL') {
        this.log(`${action}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.summarize();
    return action;
  }

  private async play(action: DemoAction): Promise<boolean> {
    switch (action) {
      case 'chat':
        return this.chat();
      case 'pay':
        return this.pay();
      case 'shopBuy':
        return this.shopBuy();
      case 'list':
        return this.list();
      case 'marketBuy':
        return this.marketBuy();
      case 'trade':
        return this.trade();
      case 'prize':
        return this.prize();
      case 'grant':
        return this.grant();
    }
  }

  /** A member writes in the chat; accounts decides the reward and the ledger mints it from the event. */
  private async chat(): Promise<boolean> {
    const who = this.anyone();
    const text = `${pickOne(this.random, CHAT_LINES)} #${this.sequence}`;
    const outcome = await this.ask(AccountsCommands.activityRecord, {
      communityId: this.options.communityId,
      userId: who.userId,
      messageKey: `demo:${this.runId}:${this.nextId()}`,
      textHash: createHash('sha256').update(text.toLowerCase()).digest('hex'),
      textLength: text.length,
    });
    return outcome.earns;
  }

  private async pay(): Promise<boolean> {
    const from = this.anyone();
    const to = this.anyoneBut(from);
    const { available } = await this.ask(LedgerCommands.balanceGet, { accountId: from.accountId });
    const amount = paymentAmount(this.random, available);
    if (amount < 1) return false;
    await this.ask(LedgerCommands.transferCreate, {
      id: this.requestId('pay'),
      debitAccountId: from.accountId,
      creditAccountId: to.accountId,
      amount,
      code: 'payment',
      memo: pickOne(this.random, PAYMENT_MEMOS),
    });
    return true;
  }

  private async shopBuy(): Promise<boolean> {
    const { communityId } = this.options;
    const shop = await this.ask(ArtifactsCommands.shopBrowse, { communityId, limit: 50 });
    if (shop.items.length === 0) return false;
    const { item } = pickOne(this.random, shop.items);
    const buyer = await this.someoneWith(item.price);
    if (buyer === undefined) return false;
    await this.ask(ArtifactsCommands.shopBuy, {
      requestId: this.requestId('buy'),
      communityId,
      buyerId: buyer.userId,
      shopItemId: item.id,
      priceMax: item.price,
    });
    return true;
  }

  private async list(): Promise<boolean> {
    const { communityId } = this.options;
    const market = await this.ask(ArtifactsCommands.listingBrowse, { communityId, limit: 200 });
    if (market.items.length >= ACTIVE_LISTINGS_MAX) {
      // A full market: the oldest listing's seller takes it down.
      const oldest = [...market.items].sort((a, b) => a.listing.id - b.listing.id)[0].listing;
      await this.ask(ArtifactsCommands.listingCancel, {
        communityId,
        listingId: oldest.id,
        sellerId: oldest.sellerId,
      });
      return true;
    }
    const seller = this.anyone();
    const owned = await this.ownedEditions(seller);
    if (owned.length === 0) return false;
    const { edition, type } = pickOne(this.random, owned);
    const reference =
      type.lastPrice ?? DEMO_ARTIFACTS.find((artifact) => artifact.name === type.name)?.price ?? 10;
    await this.ask(ArtifactsCommands.listingCreate, {
      requestId: this.requestId('list'),
      communityId,
      sellerId: seller.userId,
      editionId: edition.id,
      price: listingPrice(this.random, reference),
    });
    return true;
  }

  private async marketBuy(): Promise<boolean> {
    const { communityId } = this.options;
    const market = await this.ask(ArtifactsCommands.listingBrowse, { communityId, limit: 50 });
    if (market.items.length === 0) return false;
    const { listing } = pickOne(this.random, market.items);
    const buyer = await this.someoneWith(listing.price, listing.sellerId);
    if (buyer === undefined) return false;
    await this.ask(ArtifactsCommands.listingBuy, {
      requestId: this.requestId('mkt'),
      communityId,
      buyerId: buyer.userId,
      listingId: listing.id,
      priceMax: listing.price,
    });
    return true;
  }

  /** One member offers an edition to another for tickets; the other mostly accepts. */
  private async trade(): Promise<boolean> {
    const { communityId } = this.options;
    const from = this.anyone();
    const owned = await this.ownedEditions(from);
    if (owned.length === 0) return false;
    const { edition, type } = pickOne(this.random, owned);
    const ask = listingPrice(this.random, type.lastPrice ?? 10);
    const to = await this.someoneWith(ask, from.userId);
    if (to === undefined) return false;
    const offer = await this.ask(ArtifactsCommands.tradeOffer, {
      requestId: this.requestId('offer'),
      communityId,
      fromId: from.userId,
      toId: to.userId,
      giveEditionIds: [edition.id],
      wantAmount: ask,
    });
    if (this.random() < 0.75) {
      await this.ask(ArtifactsCommands.tradeAccept, {
        requestId: this.requestId('accept'),
        communityId,
        tradeId: offer.id,
        byId: to.userId,
      });
    } else {
      await this.ask(ArtifactsCommands.tradeDecline, { communityId, tradeId: offer.id, byId: to.userId });
    }
    return true;
  }

  /** The mayor mints a prize (a quiz, a contest) for a member. */
  private async prize(): Promise<boolean> {
    const winner = this.anyone();
    await this.ask(LedgerCommands.supplyMint, {
      id: this.requestId('prize'),
      accountId: winner.accountId,
      amount: randomInt(this.random, 20, 80),
      memo: 'quiz night prize',
    });
    return true;
  }

  /** The treasury (fed by tax and shop sales) gives some back, so tickets keep circulating. */
  private async grant(): Promise<boolean> {
    const treasury = ledgerAccountId('treasury', this.options.communityId);
    const { available } = await this.ask(LedgerCommands.balanceGet, { accountId: treasury });
    if (available < 100) return false;
    await this.ask(LedgerCommands.transferCreate, {
      id: this.requestId('grant'),
      debitAccountId: treasury,
      creditAccountId: this.anyone().accountId,
      amount: Math.round(available * 0.1),
      code: 'reward',
      memo: 'community grant',
    });
    return true;
  }

  private async settle(member: DemoMember, role: 'member' | 'owner'): Promise<Resident> {
    const { communityId } = this.options;
    const user = await this.ask(AccountsCommands.userUpsert, {
      identity: { provider: 'demo', externalId: member.key, communityId },
      username: member.username,
      displayName: member.displayName,
    });
    await this.ask(AccountsCommands.membershipJoin, { communityId, userId: user.id, role });
    // The ledger opens it from membership.joined too; opening here (idempotent) means it is there now.
    const account = await this.ask(LedgerCommands.accountOpen, {
      communityId,
      kind: 'user',
      ownerId: user.id,
    });
    await this.ask(LedgerCommands.supplyMint, {
      id: `demo-welcome-${communityId}-${user.id}`,
      accountId: account.id,
      amount: member.welcome,
      memo: 'welcome to town',
    });
    // Once per UTC day; a second claim the same day answers with the first.
    await this.ask(AccountsCommands.activityDaily, { communityId, userId: user.id });
    return { member, userId: user.id, accountId: account.id };
  }

  private async ownedEditions(resident: Resident) {
    const inventory = await this.ask(ArtifactsCommands.inventoryGet, {
      communityId: this.options.communityId,
      memberId: resident.userId,
      limit: 20,
    });
    return inventory.items.filter(({ edition }) => edition.status === 'owned');
  }

  /** A random member (other than `exceptUserId`) who can spend `amount` now, after a few tries. */
  private async someoneWith(amount: number, exceptUserId?: string): Promise<Resident | undefined> {
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const candidate = this.anyone();
      if (candidate.userId === exceptUserId) continue;
      const { available } = await this.ask(LedgerCommands.balanceGet, { accountId: candidate.accountId });
      if (available >= amount) return candidate;
    }
    return undefined;
  }

  private anyone(): Resident {
    return pickOne(this.random, this.residents);
  }

  private anyoneBut(resident: Resident): Resident {
    return pickOne(
      this.random,
      this.residents.filter((other) => other.userId !== resident.userId),
    );
  }

  private nextId(): number {
    this.sequence += 1;
    return this.sequence;
  }

  private requestId(kind: string): string {
    return `demo-${this.runId}-${kind}-${this.nextId()}`;
  }

  private ask<C extends CommandSpec>(command: C, payload: CommandRequest<C>): Promise<CommandResponse<C>> {
    return this.commands.request(command, payload);
  }

  private async waitForServices(): Promise<void> {
    const deadline = Date.now() + SERVICES_READY_TIMEOUT_MS;
    const probes: [string, () => Promise<unknown>][] = [
      ['ledger', () => this.ask(LedgerCommands.supplyGet, { communityId: this.options.communityId })],
      ['accounts', () => this.ask(AccountsCommands.settingsGet, { communityId: this.options.communityId })],
      ['artifacts', () => this.ask(ArtifactsCommands.settingsGet, { communityId: this.options.communityId })],
    ];
    for (const [name, probe] of probes) {
      for (;;) {
        try {
          await probe();
          break;
        } catch (error) {
          const unavailable = isDomainError(error) && error.code === 'UNAVAILABLE';
          if (!unavailable) break;
          if (Date.now() > deadline) {
            throw new Error(
              `the ${name} service did not answer within ${SERVICES_READY_TIMEOUT_MS / 1000} s`,
            );
          }
          await sleep(SERVICES_POLL_MS);
        }
      }
    }
  }

  private count(what: string): void {
    this.counts.set(what, (this.counts.get(what) ?? 0) + 1);
    this.countsSinceStart.set(what, (this.countsSinceStart.get(what) ?? 0) + 1);
  }

  /** Actions played since the start, by outcome (`pay`, `shopBuy refused: SOLD_OUT`, ...). */
  totals(): ReadonlyMap<string, number> {
    return this.countsSinceStart;
  }

  private summarize(): void {
    if (Date.now() - this.lastSummaryAt < SUMMARY_EVERY_MS) return;
    this.lastSummaryAt = Date.now();
    const parts = [...this.counts.entries()].sort((a, b) => b[1] - a[1]).map(([what, n]) => `${n} ${what}`);
    this.counts.clear();
    this.log(`last ${SUMMARY_EVERY_MS / 1000} s: ${parts.join(', ')}`);
  }
}
