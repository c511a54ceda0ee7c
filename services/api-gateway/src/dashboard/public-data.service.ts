import { Inject, Injectable } from '@nestjs/common';
import {
  AccountsCommands,
  AnalyticsCommands,
  ArtifactsCommands,
  communityOfAccountId,
  gini,
  hourlySeriesWithGaps,
  hoursWindowStartMs,
  isDomainError,
  LedgerCommands,
  PAGE_SIZE_MAX,
  rankHolders,
  volumeByHour,
  windowFigures,
  type Account,
  type CommandRequest,
  type CommandResponse,
  type CommandSpec,
  type Transfer,
} from '@ticketonomics/contracts';
import type { CommandClient } from '@ticketonomics/messaging';
import type { Logger } from 'pino';
import type { DashboardLimits } from './dashboard.limits';
import { DASHBOARD_COMMANDS, DASHBOARD_LIMITS, DASHBOARD_LOGGER } from './dashboard.tokens';
import { MemberLabels, type Party } from './member-labels.service';
import { publicTransfer, type PublicPurchase } from './public-event.mapper';
import { SharedReads } from './shared-reads.cache';

/**
 * Where the economy's figures came from: the analytics read model, or (when analytics does not answer)
 * the ledger's rows, counted by the same definitions (libs/contracts economy.figures.ts).
 */
export type FigureSource = 'analytics' | 'ledger';

/** The overview's "24 h" figures: analytics' window of the last 24 hourly buckets. */
const DAY_HOURS = 24;

export interface OverviewView {
  communityId: string;
  title: string | null;
  currency: { name: string; symbol: string };
  supply: number;
  circulating: number;
  treasury: number;
  members: number;
  gini: number;
  velocity24h: number;
  /** null when computed from the ledger (it reads the last 24 hours only). */
  velocity7d: number | null;
  active24h: number;
  active7d: number | null;
  transfers24h: number;
  volume24h: number;
  journalRows: number;
  /** supply, circulating and treasury always come from the ledger; the rest from `figures`. */
  sources: { supply: 'ledger'; figures: FigureSource };
  /** true when the ledger had more rows than the bounded read took: figures cover the rows read. */
  partial: boolean;
  asOf: string;
}

export interface LeaderboardView {
  source: FigureSource;
  partial: boolean;
  items: { rank: number; balance: number; party: Party }[];
}

export interface VolumeView {
  source: FigureSource;
  bucket: 'hour';
  points: { start: string; value: number }[];
}

export interface TransactionView {
  id: string;
  seq: number;
  code: Transfer['code'];
  amount: number;
  from: Party;
  to: Party;
  at: string;
  /** Set when the row is a member's artifact purchase (the escrow's payouts are not listed). */
  purchase: PublicPurchase | null;
}

export interface ArtifactView {
  typeId: number;
  name: string;
  description: string;
  emoji: string | null;
  imageUrl: string | null;
  rarity: string;
  supplyMax: number | null;
  minted: number;
  burned: number;
  lastPrice: number | null;
  shopPrice: number | null;
  floorPrice: number | null;
  listings: number;
}

/**
 * A community's check of the books, with nothing of other communities: the journal is shared, so its
 * size, head hash and findings elsewhere would show the whole platform's activity on every community's page.
 */
export interface VerifyView {
  ok: boolean;
  /** Whether the shared journal's hash chain re-hashes without a break (a yes or no, not a count). */
  chainIntact: boolean;
  /**
   * Whether the ledger's files hold exactly what its replicated journal (every acknowledged write, kept by
   * NATS JetStream) holds: a file edited behind the ledger's back is not (a yes or no).
   */
  matchesReplicatedJournal: boolean;
  /** This community's journal rows. */
  entries: number;
  /** Accounts of this community whose stored balance differs from the one the journal gives. */
  balanceMismatches: number;
  /** This community's sum of balances, which double entry keeps at 0. */
  communitySum: number;
  /** The artifacts' provenance chain of this community; null when the artifacts service did not answer. */
  provenance: { ok: boolean; entries: number; editions: number; headHash: string } | null;
  checkedAt: string;
}

/**
 * Everything the public dashboard reads, each read bounded, cached briefly per community and shared by
 * concurrent callers, so a crowd of open pages costs the services one read per second per community.
 */
@Injectable()
export class PublicDataService {
  private readonly reads: SharedReads;
  private analyticsDownUntil = 0;

  constructor(
    @Inject(DASHBOARD_COMMANDS) private readonly commands: CommandClient,
    @Inject(DASHBOARD_LIMITS) private readonly limits: DashboardLimits,
    @Inject(DASHBOARD_LOGGER) private readonly logger: Logger,
    private readonly labels: MemberLabels,
  ) {
    this.reads = new SharedReads(limits.readCacheEntriesMax, limits.readCacheMs);
  }

  overview(communityId: string): Promise<OverviewView> {
    return this.shared(`overview:${communityId}`, this.limits.readCacheMs, async () => {
      const [supply, policy, title] = await Promise.all([
        this.supply(communityId),
        this.ask(LedgerCommands.policyGet, { communityId }),
        this.communityTitle(communityId),
      ]);
      const base = {
        communityId,
        title,
        currency: { name: policy.currencyName, symbol: policy.currencySymbol },
        supply: supply.supply,
        circulating: supply.circulating,
        treasury: supply.treasury,
        journalRows: supply.transfers,
        asOf: new Date().toISOString(),
      };
      const analytics = await this.askAnalytics(AnalyticsCommands.overviewGet, { communityId });
      if (analytics !== null) {
        return {
          ...base,
          members: analytics.memberCount,
          gini: analytics.gini,
          velocity24h: analytics.velocity24h,
          velocity7d: analytics.velocity7d,
          active24h: analytics.activeDaily,
          active7d: analytics.activeWeekly,
          transfers24h: analytics.transfers24h,
          volume24h: analytics.volume24h,
          sources: { supply: 'ledger', figures: 'analytics' },
          partial: false,
        };
      }
      const [members, window] = await Promise.all([
        this.userAccounts(communityId),
        this.lastDayTransfers(communityId),
      ]);
      const figures = windowFigures(window.items, supply.circulating, {
        endMs: window.readAtMs,
        hours: DAY_HOURS,
      });
      return {
        ...base,
        members: members.items.length,
        gini: gini(members.items.map((account) => account.balance)),
        velocity24h: figures.velocity,
        velocity7d: null,
        active24h: figures.activeMembers,
        active7d: null,
        transfers24h: figures.transfers,
        volume24h: figures.volume,
        sources: { supply: 'ledger', figures: 'ledger' },
        partial: members.partial || window.partial,
      };
    });
  }

  leaderboard(communityId: string): Promise<LeaderboardView> {
    return this.shared(`leaderboard:${communityId}`, this.limits.readCacheMs, async () => {
      const size = this.limits.leaderboardSize;
      const analytics = await this.askAnalytics(AnalyticsCommands.leaderboardGet, {
        communityId,
        board: 'holders',
        limit: size,
      });
      let source: FigureSource = 'analytics';
      let partial = false;
      let top: { rank: number; accountId: string; balance: number }[];
      if (analytics !== null) {
        top = analytics.items.map((entry) => ({
          rank: entry.rank,
          accountId: entry.accountId,
          balance: entry.value,
        }));
      } else {
        source = 'ledger';
        const members = await this.userAccounts(communityId);
        partial = members.partial;
        top = rankHolders(members.items, size).map(({ rank, account }) => ({
          rank,
          accountId: account.id,
          balance: account.balance,
        }));
      }
      // A member with no tickets holds nothing: an empty board says so rather than list zeros.
      top = top.filter((entry) => entry.balance > 0);
      const parties = await this.labels.parties(top.map((entry) => entry.accountId));
      return {
        source,
        partial,
        items: top.map((entry) => ({
          rank: entry.rank,
          balance: entry.balance,
          party: parties.get(entry.accountId) as Party,
        })),
      };
    });
  }

  volume(communityId: string): Promise<VolumeView> {
    return this.shared(`volume:${communityId}`, this.limits.readCacheMs, async () => {
      const hours = this.limits.volumeHours;
      const analytics = await this.askAnalytics(AnalyticsCommands.seriesGet, {
        communityId,
        metric: 'volume',
        bucket: 'hour',
        limit: hours,
      });
      if (analytics !== null) {
        return {
          source: 'analytics',
          bucket: 'hour',
          points: hourlySeriesWithGaps(analytics.points, { endMs: Date.now(), hours }),
        };
      }
      const window = await this.lastDayTransfers(communityId);
      const points = volumeByHour(window.items, { endMs: window.readAtMs, hours }).map((point) => ({
        start: point.start,
        value: point.volume,
      }));
      return { source: 'ledger', bucket: 'hour', points };
    });
  }

  transactions(communityId: string, limit: number): Promise<{ items: TransactionView[] }> {
    return this.shared(`transactions:${communityId}:${limit}`, this.limits.readCacheMs, async () => {
      // Holds and voids are skipped, so read a few more rows than shown.
      const page = await this.ask(LedgerCommands.transferHistory, {
        communityId,
        limit: Math.min(PAGE_SIZE_MAX, limit * 3),
      });
      const shown = page.items.flatMap((row) => publicTransfer(row) ?? []).slice(0, limit);
      const parties = await this.labels.parties(shown.flatMap((row) => [row.fromAccountId, row.toAccountId]));
      return {
        items: shown.map((row) => ({
          id: row.id,
          seq: row.seq,
          code: row.code,
          amount: row.amount,
          from: parties.get(row.fromAccountId) as Party,
          to: parties.get(row.toAccountId) as Party,
          at: row.at,
          purchase: row.purchase,
        })),
      };
    });
  }

  artifacts(communityId: string): Promise<{ items: ArtifactView[] }> {
    return this.shared(`artifacts:${communityId}`, this.limits.readCacheMs, async () => {
      const [types, shop, listings] = await Promise.all([
        this.ask(ArtifactsCommands.typeList, { communityId, limit: this.limits.artifactTypesMax }),
        this.ask(ArtifactsCommands.shopBrowse, { communityId, limit: PAGE_SIZE_MAX }),
        this.ask(ArtifactsCommands.listingBrowse, { communityId, status: 'active', limit: PAGE_SIZE_MAX }),
      ]);
      const shopPrice = new Map<number, number>();
      for (const { item } of shop.items) {
        shopPrice.set(item.typeId, Math.min(item.price, shopPrice.get(item.typeId) ?? Infinity));
      }
      const floor = new Map<number, { price: number; count: number }>();
      for (const { listing } of listings.items) {
        const seen = floor.get(listing.typeId);
        floor.set(listing.typeId, {
          price: Math.min(listing.price, seen?.price ?? Infinity),
          count: (seen?.count ?? 0) + 1,
        });
      }
      return {
        items: types.items.map((type) => ({
          typeId: type.id,
          name: type.name,
          description: type.description,
          emoji: type.emoji,
          // Only https images: the page's content security policy allows nothing else.
          imageUrl: type.imageUrl?.startsWith('https://') ? type.imageUrl : null,
          rarity: type.rarity,
          supplyMax: type.supplyMax,
          minted: type.minted,
          burned: type.burned,
          lastPrice: type.lastPrice,
          shopPrice: shopPrice.get(type.id) ?? null,
          floorPrice: floor.get(type.id)?.price ?? null,
          listings: floor.get(type.id)?.count ?? 0,
        })),
      };
    });
  }

  verify(communityId: string): Promise<VerifyView> {
    return this.shared(`verify:${communityId}`, this.limits.verifyCacheMs, async () => {
      const [journal, supply, provenance] = await Promise.all([
        // One verify of the whole journal serves every community for verifyCacheMs.
        this.shared('verify:journal', this.limits.verifyCacheMs, () =>
          this.ask(LedgerCommands.journalVerify, {}, this.limits.verifyTimeoutMs),
        ),
        this.supply(communityId),
        this.ask(ArtifactsCommands.provenanceVerify, { communityId }, this.limits.verifyTimeoutMs).catch(
          () => null,
        ),
      ]);
      const mismatches = journal.balanceMismatches.filter(
        (row) => communityOfAccountId(row.accountId) === communityId,
      ).length;
      const communitySum = journal.sumByCommunity.find((row) => row.communityId === communityId)?.sum ?? 0;
      const chainIntact = journal.chainBreaks.length === 0;
      const matchesReplicatedJournal = journal.replicated.mismatches.length === 0;
      return {
        ok: chainIntact && matchesReplicatedJournal && mismatches === 0 && communitySum === 0,
        chainIntact,
        matchesReplicatedJournal,
        entries: supply.transfers,
        balanceMismatches: mismatches,
        communitySum,
        provenance:
          provenance === null
            ? null
            : {
                ok: provenance.ok,
                entries: provenance.entries,
                editions: provenance.editions,
                headHash: provenance.headHash,
              },
        checkedAt: new Date().toISOString(),
      };
    });
  }

  private ask<C extends CommandSpec>(
    command: C,
    payload: CommandRequest<C>,
    timeoutMs = this.limits.commandTimeoutMs,
  ): Promise<CommandResponse<C>> {
    return this.commands.request(command, payload, { timeoutMs });
  }

  /** The analytics answer, or null when it cannot be had (then the ledger is read instead). */
  private async askAnalytics<C extends CommandSpec>(
    command: C,
    payload: CommandRequest<C>,
  ): Promise<CommandResponse<C> | null> {
    if (Date.now() < this.analyticsDownUntil) return null;
    try {
      return await this.ask(command, payload, this.limits.analyticsTimeoutMs);
    } catch (error) {
      const code = isDomainError(error) ? error.code : 'INTERNAL';
      // Not running (or too slow): stop asking for a while, so each page load does not wait for a timeout.
      if (code === 'UNAVAILABLE') this.analyticsDownUntil = Date.now() + this.limits.analyticsRetryAfterMs;
      else this.logger.warn({ err: error, subject: command.subject }, 'analytics refused; using the ledger');
      return null;
    }
  }

  /** The community's name as its members gave it, or null when accounts has none (or does not answer). */
  communityTitle(communityId: string): Promise<string | null> {
    return this.shared(`title:${communityId}`, this.limits.readCacheMs, async () => {
      try {
        return (await this.ask(AccountsCommands.communityGet, { communityId })).title;
      } catch {
        return null;
      }
    });
  }

  /**
   * The ledger's supply figures; a public community whose ledger has no accounts yet (nobody has joined
   * or been paid) has none of anything, rather than an error on its page.
   */
  async supply(communityId: string): Promise<CommandResponse<typeof LedgerCommands.supplyGet>> {
    try {
      return await this.ask(LedgerCommands.supplyGet, { communityId });
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'NOT_FOUND') throw error;
      return { communityId, supply: 0, treasury: 0, circulating: 0, accounts: 0, transfers: 0 };
    }
  }

  /** A community's user accounts, at most ledgerPagesMax pages. */
  private userAccounts(communityId: string): Promise<{ items: Account[]; partial: boolean }> {
    return this.shared(`users:${communityId}`, this.limits.readCacheMs, async () => {
      const items: Account[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < this.limits.ledgerPagesMax; page += 1) {
        const result = await this.ask(LedgerCommands.accountList, {
          communityId,
          kind: 'user',
          limit: PAGE_SIZE_MAX,
          ...(cursor === undefined ? {} : { cursor }),
        });
        items.push(...result.items);
        if (result.nextCursor === null) return { items, partial: false };
        cursor = result.nextCursor;
      }
      return { items, partial: true };
    });
  }

  /**
   * The journal rows of the last volumeHours hourly buckets (and at least the overview's 24), at most
   * ledgerPagesMax pages, with the time they were read at (the end of the figures' windows).
   */
  private lastDayTransfers(
    communityId: string,
  ): Promise<{ items: Transfer[]; partial: boolean; readAtMs: number }> {
    return this.shared(`day:${communityId}`, this.limits.readCacheMs, async () => {
      const readAtMs = Date.now();
      const hours = Math.max(DAY_HOURS, this.limits.volumeHours);
      const fromTime = new Date(hoursWindowStartMs(readAtMs, hours)).toISOString();
      const items: Transfer[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < this.limits.ledgerPagesMax; page += 1) {
        const result = await this.ask(LedgerCommands.transferHistory, {
          communityId,
          fromTime,
          limit: PAGE_SIZE_MAX,
          ...(cursor === undefined ? {} : { cursor }),
        });
        items.push(...result.items);
        if (result.nextCursor === null) return { items, partial: false, readAtMs };
        cursor = result.nextCursor;
      }
      return { items, partial: true, readAtMs };
    });
  }

  /** A result reused for ttlMs, and one computation shared by everyone asking meanwhile. */
  private shared<T>(key: string, ttlMs: number, compute: () => Promise<T>): Promise<T> {
    return this.reads.read(key, ttlMs, compute);
  }
}
