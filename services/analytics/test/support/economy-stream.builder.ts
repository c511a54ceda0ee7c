import {
  AccountsEvents,
  ArtifactsEvents,
  eventSourceOf,
  LedgerEvents,
  scheduledRowId,
  type AccountKind,
  type EventSpec,
  type TransferCode,
  type TransferEventData,
  type TransferKind,
} from '@ticketonomics/contracts';
import { buildEvent } from '@ticketonomics/messaging';
import { seededRandom } from '@ticketonomics/testing';
import type { StreamMessage } from '../../src/consumer/event.projector';
import { transferEventOf } from './ledger-events.builder';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

interface LedgerAccount {
  id: string;
  kind: AccountKind;
  ownerId: string | null;
  balance: number;
  pendingDebits: number;
  pendingCredits: number;
}

interface Community {
  id: string;
  issuance: LedgerAccount;
  treasury: LedgerAccount;
  escrow: LedgerAccount;
  members: LedgerAccount[];
  /** Holds placed and not settled yet. */
  holds: { id: string; debit: LedgerAccount; amount: number }[];
  /** Rewards announced whose mint the ledger writes later (or never: it refused them). */
  unminted: { mintId: string; member: LedgerAccount; amount: number }[];
  typeIds: number[];
  openListings: { id: number; typeId: number }[];
  openTrades: number[];
}

export interface EconomyStreamOptions {
  seed: number;
  communities: number;
  /** Members each community ends up with at most. */
  members: number;
  /** Messages in the stream (a few more, since an operation writes several). */
  events: number;
  startMs: number;
}

/** A ULID-shaped user id (accounts makes them): digits are ULID characters. */
function userIdOf(community: number, member: number): string {
  return `01KB${String(community * 10_000 + member).padStart(22, '0')}`;
}

/**
 * A seeded stream of a mixed economy as the services write it, numbered from 1: communities created,
 * ledger accounts opened (now and then after their first rows), rewards announced then minted under their
 * id (at once, later, or never), payments with their tax, holds posted or voided, the schedule's emission,
 * grants, fines, mints and burns, and the market (types, editions, listings, trades). Time moves in bursts
 * of seconds and jumps of hours over some weeks, so buckets fill and are pruned; now and then a row comes
 * from hours back (out of order) or weeks back (a partition's backlog), and an event is published again
 * (a republish past JetStream's duplicate window: a new stream seq, the same journal seq).
 */
export function economyStream(options: EconomyStreamOptions): StreamMessage[] {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const amount = (max: number) => 1 + Math.floor(random() * max);
  const messages: StreamMessage[] = [];
  let nowMs = options.startMs;
  let journalSeq = 0;
  let nextId = 1;

  const emit = (spec: EventSpec, communityId: string, subject: string, data: unknown, atMs = nowMs) => {
    const event = buildEvent(spec, {
      source: eventSourceOf(spec.type.split('.')[2] as never),
      communityId,
      subject,
      data: data as never,
      time: new Date(atMs),
    });
    messages.push({ seq: messages.length + 1, subject: spec.type, body: JSON.stringify(event) });
  };
  const account = (id: string, kind: AccountKind, ownerId: string | null): LedgerAccount => ({
    id,
    kind,
    ownerId,
    balance: 0,
    pendingDebits: 0,
    pendingCredits: 0,
  });
  const opened = (community: Community, acc: LedgerAccount) =>
    emit(LedgerEvents.accountOpened, community.id, acc.id, {
      ...acc,
      communityId: community.id,
      frozen: false,
      available: acc.balance - acc.pendingDebits,
      createdAt: new Date(nowMs).toISOString(),
    });
  const snapshot = ({ id, kind, ownerId, balance, pendingDebits, pendingCredits }: LedgerAccount) => ({
    id,
    kind,
    ownerId,
    balance,
    pendingDebits,
    pendingCredits,
  });

  /** A journal row and its event; the balances move as the ledger moves them for its kind. */
  const row = (
    community: Community,
    input: {
      id?: string;
      kind?: TransferKind;
      code: TransferCode;
      debit: LedgerAccount;
      credit: LedgerAccount;
      amount: number;
      pendingId?: string;
      atMs?: number;
    },
  ) => {
    const kind = input.kind ?? 'posted';
    const { debit, credit, amount: moved } = input;
    if (kind === 'pending') {
      debit.pendingDebits += moved;
      credit.pendingCredits += moved;
    } else {
      if (kind !== 'posted') {
        debit.pendingDebits -= moved;
        credit.pendingCredits -= moved;
      }
      if (kind !== 'void_pending') {
        debit.balance -= moved;
        credit.balance += moved;
      }
    }
    journalSeq += 1;
    const createdAt = new Date(input.atMs ?? nowMs).toISOString();
    const data: TransferEventData = {
      transfer: {
        seq: journalSeq,
        id: input.id ?? `t-${journalSeq}`,
        kind,
        communityId: community.id,
        debitAccountId: debit.id,
        creditAccountId: credit.id,
        amount: moved,
        code: input.code,
        memo: '',
        pendingId: input.pendingId ?? null,
        pendingState: kind === 'pending' ? 'open' : null,
        expiresAt: kind === 'pending' ? new Date(nowMs + HOUR_MS).toISOString() : null,
        reversesId: null,
        linkedTo: null,
        debitBalanceAfter: debit.balance,
        creditBalanceAfter: credit.balance,
        createdAt,
        hash: journalSeq.toString(16).padStart(64, '0'),
      },
      debit: snapshot(debit),
      credit: snapshot(credit),
    };
    const event = transferEventOf(kind, data);
    emit(event.spec, community.id, data.transfer.id, event.data, input.atMs ?? nowMs);
  };

  const communities: Community[] = Array.from({ length: options.communities }, (_, index) => {
    const id = `eq-${index}`;
    const community: Community = {
      id,
      issuance: account(`issuance:${id}`, 'issuance', null),
      treasury: account(`treasury:${id}`, 'treasury', null),
      escrow: account(`escrow:${id}`, 'escrow', null),
      members: [],
      holds: [],
      unminted: [],
      typeIds: [],
      openListings: [],
      openTrades: [],
    };
    emit(AccountsEvents.communityCreated, id, id, { ...AccountsEvents.communityCreated.example, id });
    for (const acc of [community.issuance, community.treasury, community.escrow]) opened(community, acc);
    return community;
  });

  const join = (community: Community) => {
    const index = community.members.length;
    const ownerId = userIdOf(communities.indexOf(community), index);
    const member = account(`user:${community.id}:${ownerId}`, 'user', ownerId);
    community.members.push(member);
    if (random() < 0.8) {
      opened(community, member);
    } else {
      // The account's first row comes before its account.opened.
      row(community, { code: 'mint', debit: community.issuance, credit: member, amount: amount(50) });
      opened(community, member);
    }
  };
  const mint = (community: Community, mintId: string, member: LedgerAccount, minted: number) =>
    row(community, { id: mintId, code: 'mint', debit: community.issuance, credit: member, amount: minted });

  const operations: [weight: number, run: (community: Community) => void][] = [
    [
      3,
      (c) => {
        if (c.members.length < options.members) join(c);
      },
    ],
    [
      25,
      (c) => {
        const member = pick(c.members);
        const mintId = `tg-reward:${c.id}:${nextId++}`;
        const rewarded = amount(5);
        emit(AccountsEvents.activityRewarded, c.id, member.ownerId!, {
          mintId,
          communityId: c.id,
          userId: member.ownerId,
          kind: random() < 0.9 ? 'message' : 'daily',
          amount: rewarded,
          memo: 'message reward',
          day: new Date(nowMs).toISOString().slice(0, 10),
          rewardedAt: new Date(nowMs).toISOString(),
        });
        // Mostly minted at once; some later (maybe in another batch), a few never (the ledger refused).
        const when = random();
        if (when < 0.75) mint(c, mintId, member, rewarded);
        else if (when < 0.95) c.unminted.push({ mintId, member, amount: rewarded });
      },
    ],
    [
      5,
      (c) => {
        const late = c.unminted.shift();
        if (late !== undefined) mint(c, late.mintId, late.member, late.amount);
      },
    ],
    [
      25,
      (c) => {
        const from = pick(c.members);
        const to = pick(c.members);
        const paid = amount(40);
        row(c, { code: 'payment', debit: from, credit: to, amount: paid });
        if (paid >= 10)
          row(c, { code: 'tax', debit: from, credit: c.treasury, amount: Math.floor(paid / 10) });
      },
    ],
    [
      6,
      (c) => {
        const id = `hold-${nextId++}`;
        const held = amount(30);
        const buyer = pick(c.members);
        row(c, { id, kind: 'pending', code: 'purchase', debit: buyer, credit: c.escrow, amount: held });
        c.holds.push({ id, debit: buyer, amount: held });
      },
    ],
    [
      5,
      (c) => {
        const hold = c.holds.shift();
        if (hold === undefined) return;
        const kind = random() < 0.7 ? 'post_pending' : 'void_pending';
        const id = `${hold.id}/${kind === 'post_pending' ? 'post' : 'void'}`;
        row(c, {
          id,
          kind,
          code: 'purchase',
          debit: hold.debit,
          credit: c.escrow,
          amount: hold.amount,
          pendingId: hold.id,
        });
        if (kind === 'post_pending') {
          row(c, { code: 'sale', debit: c.escrow, credit: pick(c.members), amount: hold.amount });
        }
      },
    ],
    [
      3,
      (c) => {
        const day = Math.floor(nowMs / DAY_MS);
        row(c, {
          id: scheduledRowId('emission', c.id, 'day', day, nextId++),
          code: 'mint',
          debit: c.issuance,
          credit: c.treasury,
          amount: amount(100),
        });
      },
    ],
    [3, (c) => row(c, { code: 'bonus', debit: c.treasury, credit: pick(c.members), amount: amount(20) })],
    [2, (c) => row(c, { code: 'fine', debit: pick(c.members), credit: c.treasury, amount: amount(10) })],
    [2, (c) => row(c, { code: 'fee', debit: pick(c.members), credit: c.treasury, amount: amount(5) })],
    [2, (c) => row(c, { code: 'mint', debit: c.issuance, credit: pick(c.members), amount: amount(200) })],
    [2, (c) => row(c, { code: 'burn', debit: pick(c.members), credit: c.issuance, amount: amount(10) })],
    [
      2,
      (c) => {
        // A row of hours back: the ledger's times are not quite in order.
        const atMs = nowMs - Math.floor(random() * 3 * HOUR_MS);
        row(c, { code: 'payment', debit: pick(c.members), credit: pick(c.members), amount: amount(9), atMs });
      },
    ],
    [
      1,
      (c) => {
        // A backlog row of weeks back: older than the kept hours, days and weeks at times.
        const atMs = nowMs - 30 * DAY_MS - Math.floor(random() * 10 * DAY_MS);
        row(c, { code: 'reward', debit: c.treasury, credit: pick(c.members), amount: amount(9), atMs });
      },
    ],
    [
      3,
      () => {
        // Published again: the same event, a new stream seq.
        const earlier = pick(messages);
        messages.push({ seq: messages.length + 1, subject: earlier.subject, body: earlier.body });
      },
    ],
    [4, (c) => market(c)],
  ];

  const market = (c: Community) => {
    const step = random();
    const id = nextId++;
    const atIso = new Date(nowMs).toISOString();
    if (c.typeIds.length === 0 || step < 0.15) {
      c.typeIds.push(id);
      emit(ArtifactsEvents.typeCreated, c.id, String(id), {
        ...ArtifactsEvents.typeCreated.example,
        communityId: c.id,
        id,
        name: `Type ${id}`,
      });
    } else if (step < 0.45) {
      const { edition, provenance, payment } = ArtifactsEvents.editionMinted.example;
      const price = amount(50);
      emit(ArtifactsEvents.editionMinted, c.id, String(id), {
        communityId: c.id,
        edition: { ...edition, communityId: c.id, id, typeId: pick(c.typeIds) },
        provenance: {
          ...provenance,
          communityId: c.id,
          seq: id,
          editionId: id,
          price,
          requestId: `buy-${id}`,
        },
        payment: { ...payment!, price, toPayee: price },
      });
    } else if (step < 0.7) {
      const listing = { id, typeId: pick(c.typeIds) };
      c.openListings.push(listing);
      emit(ArtifactsEvents.listingCreated, c.id, String(id), {
        ...ArtifactsEvents.listingCreated.example,
        communityId: c.id,
        ...listing,
        price: amount(80),
      });
    } else if (step < 0.85 && c.openListings.length > 0) {
      const listing = c.openListings.shift()!;
      const example = ArtifactsEvents.listingSold.example;
      const price = amount(80);
      if (random() < 0.7) {
        emit(ArtifactsEvents.listingSold, c.id, String(listing.id), {
          communityId: c.id,
          listing: { ...example.listing, communityId: c.id, ...listing, price, updatedAt: atIso },
          payment: { ...example.payment, price, toPayee: price, fee: 0, royalty: 0 },
        });
      } else {
        emit(ArtifactsEvents.listingCancelled, c.id, String(listing.id), {
          ...ArtifactsEvents.listingCancelled.example,
          communityId: c.id,
          ...listing,
        });
      }
    } else if (step < 0.93 || c.openTrades.length === 0) {
      c.openTrades.push(id);
      emit(ArtifactsEvents.tradeOffered, c.id, String(id), {
        ...ArtifactsEvents.tradeOffered.example,
        communityId: c.id,
        id,
        giveEditionIds: [id - 1],
      });
    } else {
      const tradeId = c.openTrades.shift()!;
      const example = ArtifactsEvents.tradeClosed.example;
      emit(ArtifactsEvents.tradeClosed, c.id, String(tradeId), {
        ...example,
        communityId: c.id,
        trade: { ...example.trade, communityId: c.id, id: tradeId, giveEditionIds: [tradeId - 1] },
      });
    }
  };

  for (const community of communities) for (let i = 0; i < 3; i += 1) join(community);
  const weightTotal = operations.reduce((sum, [weight]) => sum + weight, 0);
  while (messages.length < options.events) {
    // Bursts of seconds, now and then a jump of hours: some weeks in all.
    nowMs += random() < 0.03 ? Math.floor(random() * 30 * HOUR_MS) : Math.floor(random() * 120_000);
    let chosen = random() * weightTotal;
    const [, run] = operations.find(([weight]) => (chosen -= weight) < 0) ?? operations[0]!;
    run(pick(communities));
  }
  messages.push({
    seq: messages.length + 1,
    subject: LedgerEvents.transferPosted.type,
    body: '{"not": json',
  });
  return messages;
}
