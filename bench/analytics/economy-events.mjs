// A simulated economy of many communities, as the services would write it to the event stream: members
// joining (accounts), their ledger accounts opened, message and daily rewards (accounts' activity.rewarded,
// then the ledger's mint under the announced id), payments with their tax row, treasury prizes, admin
// mints and burns, shop purchases (a hold, the edition minted, the hold posted; now and then voided and the
// edition reverted), market listings sold (hold into escrow, payout, fee) or cancelled, and trades offered
// then accepted with a payment or declined. Every event is a CloudEvent built with the contracts' event
// specs and the services' own builder (buildEvent: UUIDv7 ids), on its type's subject, with balances,
// journal seqs and provenance seqs that follow from the events before it. Times run evenly over `spanMs`
// up to now, so the hourly, daily and weekly buckets (and their pruning) all get work.
import { createHash } from 'node:crypto';

/** Operations and how often each is picked (weights); each writes 1 to 6 events. */
const OPERATIONS = [
  ['reward', 38],
  ['payment', 30],
  ['daily', 5],
  ['prize', 2],
  ['shop', 6],
  ['list', 5],
  ['sell', 3],
  ['unlist', 1],
  ['offer', 2],
  ['closeTrade', 2],
  ['adminMint', 1],
  ['burn', 1],
];
const OPERATION_TOTAL = OPERATIONS.reduce((sum, [, weight]) => sum + weight, 0);
const ARTIFACT_TYPES_PER_COMMUNITY = 6;
const TAX_BPS = 200;
const MARKET_FEE_BPS = 250;
const ULID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Offers kept open per community at most, listings likewise: older ones are closed first. */
const OPEN_OFFERS_MAX = 200;

function xorshift(seed) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

/** A user id as accounts makes them (a ULID), derived from the community and member numbers. */
function userIdOf(community, member) {
  let n = community * 1_000_003 + member + 1;
  let tail = '';
  for (let i = 0; i < 16; i += 1) {
    tail = ULID_ALPHABET[n % 32] + tail;
    n = Math.floor(n / 32);
  }
  return `01KB000000${tail}`;
}

/**
 * `lib` is the compiled contracts and messaging (LedgerEvents, AccountsEvents, ArtifactsEvents,
 * eventSourceOf, buildEvent). Answers { next(): PublishRow[] (one operation's events), produced, counts }.
 */
export function makeEconomy(
  lib,
  { communities, membersMax, total, spanMs, seed = 0x9e3779b9, nowMs = Date.now() },
) {
  const { LedgerEvents: L, AccountsEvents: A, ArtifactsEvents: R, eventSourceOf, buildEvent } = lib;
  const random = xorshift(seed);
  const pick = (n) => Math.floor(random() * n);
  const startMs = nowMs - spanMs;
  const counts = {};
  let produced = 0;
  let journalSeq = 0;

  // Community sizes fall off like a power law: a few big chats, a long tail of small ones.
  const sizes = Array.from({ length: communities }, (_, i) =>
    Math.max(10, Math.floor(membersMax / Math.pow(i + 1, 0.8))),
  );
  const cumulative = [];
  sizes.reduce((sum, size, i) => (cumulative[i] = sum + size), 0);
  const sizeTotal = cumulative[cumulative.length - 1];
  const state = new Map();

  const timeNow = () => new Date(startMs + Math.floor((spanMs * produced) / total));

  const out = [];
  const emit = (spec, communityId, subject, data, time) => {
    const event = buildEvent(spec, {
      source: eventSourceOf(spec.type.split('.')[2]),
      communityId,
      subject,
      data,
      time,
    });
    out.push({ eventId: event.id, subject: spec.type, payload: JSON.stringify(event) });
    counts[spec.type] = (counts[spec.type] ?? 0) + 1;
    produced += 1;
  };

  const account = (c, kind, ownerId, iso) => {
    const id = ownerId === null ? `${kind}:${c.id}` : `${kind}:${c.id}:${ownerId}`;
    const acc = { id, kind, ownerId, balance: 0, pendingDebits: 0, pendingCredits: 0 };
    c.accounts.set(id, acc);
    emit(L.accountOpened, c.id, id, {
      id,
      communityId: c.id,
      kind,
      ownerId,
      frozen: false,
      balance: 0,
      pendingDebits: 0,
      pendingCredits: 0,
      available: 0,
      createdAt: iso,
    });
    return acc;
  };

  const snapshot = (acc) => ({
    id: acc.id,
    kind: acc.kind,
    ownerId: acc.ownerId,
    balance: acc.balance,
    pendingDebits: acc.pendingDebits,
    pendingCredits: acc.pendingCredits,
  });

  /** A journal row and its event; balances move as the ledger moves them for that row kind. */
  const transfer = (
    c,
    { id, kind = 'posted', debit, credit, amount, code, memo = '', pendingId = null },
    time,
  ) => {
    journalSeq += 1;
    if (kind === 'posted') {
      debit.balance -= amount;
      credit.balance += amount;
    } else if (kind === 'pending') {
      debit.pendingDebits += amount;
      credit.pendingCredits += amount;
    } else {
      debit.pendingDebits -= amount;
      credit.pendingCredits -= amount;
      if (kind === 'post_pending') {
        debit.balance -= amount;
        credit.balance += amount;
      }
    }
    const iso = time.toISOString();
    const data = {
      transfer: {
        seq: journalSeq,
        id,
        kind,
        communityId: c.id,
        debitAccountId: debit.id,
        creditAccountId: credit.id,
        amount,
        code,
        memo,
        pendingId,
        pendingState: kind === 'pending' ? 'open' : null,
        expiresAt: kind === 'pending' ? new Date(time.getTime() + 300_000).toISOString() : null,
        reversesId: null,
        linkedTo: null,
        debitBalanceAfter: debit.balance,
        creditBalanceAfter: credit.balance,
        createdAt: iso,
        hash: createHash('sha256').update(`${journalSeq}:${id}`).digest('hex'),
      },
      debit: snapshot(debit),
      credit: snapshot(credit),
    };
    if (kind === 'pending') emit(L.transferPending, c.id, id, data, time);
    else if (kind === 'void_pending') emit(L.transferVoided, c.id, id, { ...data, reason: 'voided' }, time);
    else emit(L.transferPosted, c.id, id, data, time);
  };

  const community = (index, time) => {
    let c = state.get(index);
    if (c !== undefined) return c;
    const id = `tg-100${String(1_000_000_000 + index * 7919)}`;
    const iso = time.toISOString();
    c = {
      id,
      index,
      size: sizes[index],
      accounts: new Map(),
      members: [],
      types: [],
      editions: [],
      listings: [],
      offers: [],
      ops: 0,
      editionSeq: 0,
      listingSeq: 0,
      tradeSeq: 0,
      provenanceSeq: 0,
    };
    state.set(index, c);
    emit(A.communityCreated, id, id, {
      id,
      title: `Community ${index}`,
      telegramChatId: `-100${1_000_000_000 + index * 7919}`,
      createdAt: iso,
      updatedAt: iso,
    });
    c.issuance = account(c, 'issuance', null, iso);
    c.treasury = account(c, 'treasury', null, iso);
    c.escrow = account(c, 'escrow', null, iso);
    return c;
  };

  /** A member of the community: a new one joins (membership and ledger account) until the chat is full. */
  const member = (c, time, avoid) => {
    const grow = c.members.length < c.size && (c.members.length < 2 || random() < 0.05);
    if (grow) {
      const userId = userIdOf(c.index, c.members.length);
      const iso = time.toISOString();
      emit(A.membershipJoined, c.id, userId, {
        communityId: c.id,
        userId,
        role: 'member',
        status: 'active',
        joinedAt: iso,
        leftAt: null,
        updatedAt: iso,
      });
      const acc = account(c, 'user', userId, iso);
      c.members.push(acc);
      if (acc !== avoid) return acc;
    }
    for (;;) {
      // Members are picked with a skew to the earlier (more active) ones.
      const acc = c.members[Math.floor(Math.pow(random(), 1.6) * c.members.length)];
      if (acc !== avoid) return acc;
    }
  };

  /** A member who can pay `need`, if one of a few picked can (spenders are those who have the money). */
  const spender = (c, time, need, avoid) => {
    let best = member(c, time, avoid);
    for (let tries = 0; tries < 4 && best.balance < need; tries += 1) {
      const other = member(c, time, avoid);
      if (other.balance > best.balance) best = other;
    }
    return best;
  };

  const reward = (c, time, kind) => {
    const to = member(c, time);
    const amount = kind === 'daily' ? 20 : 1 + pick(3);
    const userId = to.ownerId;
    const day = time.toISOString().slice(0, 10);
    const mintId = kind === 'daily' ? `tg-daily:${c.id}:${userId}:${day}` : `tg-reward:${c.id}:${c.ops}`;
    emit(A.activityRewarded, c.id, userId, {
      mintId,
      communityId: c.id,
      userId,
      kind,
      amount,
      memo: kind === 'daily' ? 'daily bonus' : 'message reward',
      day,
      rewardedAt: time.toISOString(),
    });
    transfer(c, { id: mintId, debit: c.issuance, credit: to, amount, code: 'mint', memo: 'reward' }, time);
  };

  const payment = (c, time) => {
    const from = spender(c, time, 10);
    const to = member(c, time, from);
    const amount = 1 + pick(Math.max(1, Math.min(50, Math.floor(from.balance / 2))));
    const tax = Math.floor((amount * TAX_BPS) / 10_000);
    if (from.balance < amount + tax) return reward(c, time, 'message');
    const id = `pay-${c.id}-${c.ops}`;
    transfer(c, { id, debit: from, credit: to, amount, code: 'payment', memo: 'thanks' }, time);
    if (tax > 0)
      transfer(c, { id: `${id}/tax`, debit: from, credit: c.treasury, amount: tax, code: 'tax' }, time);
  };

  const editionEvent = (c, spec, edition, kind, fromId, toId, price, requestId, payment, time) => {
    c.provenanceSeq += 1;
    const iso = time.toISOString();
    edition.updatedAt = iso;
    emit(spec, c.id, String(edition.id), {
      communityId: c.id,
      edition: { ...edition },
      provenance: {
        communityId: c.id,
        seq: c.provenanceSeq,
        editionId: edition.id,
        kind,
        fromId,
        toId,
        price,
        requestId,
        at: iso,
        prevHash: '0'.repeat(64),
        hash: createHash('sha256').update(`${c.id}:${c.provenanceSeq}`).digest('hex'),
      },
      payment,
    });
  };

  const shop = (c, time) => {
    if (c.types.length === 0) {
      const iso = time.toISOString();
      for (let typeId = 1; typeId <= ARTIFACT_TYPES_PER_COMMUNITY; typeId += 1) {
        const price = 10 * typeId;
        c.types.push({ id: typeId, price });
        emit(R.typeCreated, c.id, String(typeId), {
          communityId: c.id,
          id: typeId,
          name: `Artifact ${typeId}`,
          description: 'A collectible of the community.',
          emoji: '🎫',
          imageUrl: null,
          rarity: 'common',
          supplyMax: null,
          minted: 0,
          burned: 0,
          creatorId: 'admin',
          royaltyBps: 0,
          lastPrice: null,
          createdAt: iso,
        });
      }
    }
    const type = c.types[pick(c.types.length)];
    const buyer = spender(c, time, type.price);
    if (buyer.balance < type.price) return reward(c, time, 'message');
    const requestId = `buy-${c.ops}`;
    const holdId = `art:${c.id}:${requestId}:hold`;
    transfer(
      c,
      { id: holdId, kind: 'pending', debit: buyer, credit: c.treasury, amount: type.price, code: 'purchase' },
      time,
    );
    c.editionSeq += 1;
    const iso = time.toISOString();
    const edition = {
      communityId: c.id,
      id: c.editionSeq,
      typeId: type.id,
      serial: c.editionSeq,
      ownerId: buyer.ownerId,
      status: 'owned',
      mintedAt: iso,
      updatedAt: iso,
    };
    const pay = { price: type.price, toPayee: type.price, fee: 0, royalty: 0, holdId };
    editionEvent(
      c,
      R.editionMinted,
      edition,
      'bought',
      null,
      buyer.ownerId,
      type.price,
      requestId,
      pay,
      time,
    );
    const settle = {
      debit: buyer,
      credit: c.treasury,
      amount: type.price,
      code: 'purchase',
      pendingId: holdId,
    };
    if (random() < 0.03) {
      // The payment failed: the hold is voided and the edition reverted (destroyed).
      transfer(c, { ...settle, id: `${holdId}/void`, kind: 'void_pending' }, time);
      edition.ownerId = null;
      edition.status = 'burned';
      editionEvent(
        c,
        R.editionTransferred,
        edition,
        'reverted',
        buyer.ownerId,
        null,
        null,
        requestId,
        null,
        time,
      );
      return;
    }
    transfer(c, { ...settle, id: `${holdId}/post`, kind: 'post_pending' }, time);
    c.editions.push({ edition, owner: buyer });
  };

  const ownedEdition = (c) => {
    for (let tries = 0; tries < 4 && c.editions.length > 0; tries += 1) {
      const item = c.editions[pick(c.editions.length)];
      if (item.edition.status === 'owned') return item;
    }
    return null;
  };

  const list = (c, time) => {
    const item = ownedEdition(c);
    if (item === null) return shop(c, time);
    c.listingSeq += 1;
    const iso = time.toISOString();
    item.edition.status = 'listed';
    const listing = {
      communityId: c.id,
      id: c.listingSeq,
      editionId: item.edition.id,
      typeId: item.edition.typeId,
      sellerId: item.owner.ownerId,
      price: 20 + pick(100),
      status: 'active',
      buyerId: null,
      createdAt: iso,
      updatedAt: iso,
    };
    c.listings.push({ listing, item });
    emit(R.listingCreated, c.id, String(listing.id), { ...listing });
    if (c.listings.length > OPEN_OFFERS_MAX) unlist(c, time, 0);
  };

  const unlist = (c, time, index = pick(c.listings.length)) => {
    if (c.listings.length === 0) return list(c, time);
    const [{ listing, item }] = c.listings.splice(index, 1);
    item.edition.status = 'owned';
    emit(R.listingCancelled, c.id, String(listing.id), {
      ...listing,
      status: 'cancelled',
      updatedAt: time.toISOString(),
    });
  };

  const sell = (c, time) => {
    if (c.listings.length === 0) return list(c, time);
    const index = pick(c.listings.length);
    const { listing, item } = c.listings[index];
    const buyer = spender(c, time, listing.price, item.owner);
    if (buyer.balance < listing.price) return payment(c, time);
    c.listings.splice(index, 1);
    const requestId = `sell-${c.ops}`;
    const holdId = `art:${c.id}:${requestId}:hold`;
    const fee = Math.floor((listing.price * MARKET_FEE_BPS) / 10_000);
    const hold = { debit: buyer, credit: c.escrow, amount: listing.price, code: 'purchase' };
    transfer(c, { ...hold, id: holdId, kind: 'pending' }, time);
    transfer(c, { ...hold, id: `${holdId}/post`, kind: 'post_pending', pendingId: holdId }, time);
    const pay = { price: listing.price, toPayee: listing.price - fee, fee, royalty: 0, holdId };
    item.edition.ownerId = buyer.ownerId;
    item.edition.status = 'owned';
    editionEvent(
      c,
      R.editionTransferred,
      item.edition,
      'sold',
      item.owner.ownerId,
      buyer.ownerId,
      listing.price,
      requestId,
      pay,
      time,
    );
    const iso = time.toISOString();
    emit(R.listingSold, c.id, String(listing.id), {
      communityId: c.id,
      listing: { ...listing, status: 'sold', buyerId: buyer.ownerId, updatedAt: iso },
      payment: pay,
    });
    transfer(
      c,
      {
        id: `${holdId}/payout`,
        debit: c.escrow,
        credit: item.owner,
        amount: listing.price - fee,
        code: 'sale',
      },
      time,
    );
    if (fee > 0)
      transfer(
        c,
        { id: `${holdId}/fee`, debit: c.escrow, credit: c.treasury, amount: fee, code: 'fee' },
        time,
      );
    item.owner = buyer;
  };

  const offer = (c, time) => {
    const item = ownedEdition(c);
    if (item === null) return shop(c, time);
    const to = member(c, time, item.owner);
    c.tradeSeq += 1;
    const iso = time.toISOString();
    item.edition.status = 'in_trade';
    const trade = {
      communityId: c.id,
      id: c.tradeSeq,
      fromId: item.owner.ownerId,
      toId: to.ownerId,
      giveEditionIds: [item.edition.id],
      wantEditionIds: [],
      wantAmount: 10 + pick(100),
      status: 'open',
      expiresAt: new Date(time.getTime() + 86_400_000).toISOString(),
      createdAt: iso,
      updatedAt: iso,
    };
    c.offers.push({ trade, item, to });
    emit(R.tradeOffered, c.id, String(trade.id), { ...trade });
    if (c.offers.length > OPEN_OFFERS_MAX) closeTrade(c, time, 0);
  };

  const closeTrade = (c, time, index = pick(c.offers.length)) => {
    if (c.offers.length === 0) return offer(c, time);
    const [{ trade, item, to }] = c.offers.splice(index, 1);
    const iso = time.toISOString();
    item.edition.status = 'owned';
    if (to.balance < trade.wantAmount || random() < 0.3) {
      emit(R.tradeClosed, c.id, String(trade.id), {
        communityId: c.id,
        trade: { ...trade, status: 'declined', updatedAt: iso },
        payment: null,
      });
      return;
    }
    const requestId = `accept-${c.ops}`;
    const holdId = `art:${c.id}:${requestId}:hold`;
    transfer(c, { id: holdId, debit: to, credit: item.owner, amount: trade.wantAmount, code: 'trade' }, time);
    const pay = { price: trade.wantAmount, toPayee: trade.wantAmount, fee: 0, royalty: 0, holdId };
    const from = item.owner;
    item.edition.ownerId = to.ownerId;
    editionEvent(
      c,
      R.editionTransferred,
      item.edition,
      'traded',
      from.ownerId,
      to.ownerId,
      trade.wantAmount,
      requestId,
      null,
      time,
    );
    item.owner = to;
    emit(R.tradeClosed, c.id, String(trade.id), {
      communityId: c.id,
      trade: { ...trade, status: 'accepted', updatedAt: iso },
      payment: pay,
    });
  };

  const prize = (c, time) => {
    const to = member(c, time);
    const amount = 5 + pick(20);
    if (c.treasury.balance < amount) return reward(c, time, 'message');
    transfer(
      c,
      { id: `prize-${c.id}-${c.ops}`, debit: c.treasury, credit: to, amount, code: 'reward', memo: 'prize' },
      time,
    );
  };

  const adminMint = (c, time) => {
    transfer(
      c,
      {
        id: `mint-${c.id}-${c.ops}`,
        debit: c.issuance,
        credit: c.treasury,
        amount: 500,
        code: 'mint',
        memo: 'top-up',
      },
      time,
    );
  };

  const burn = (c, time) => {
    const from = spender(c, time, 5);
    if (from.balance < 5) return reward(c, time, 'message');
    transfer(
      c,
      { id: `burn-${c.id}-${c.ops}`, debit: from, credit: c.issuance, amount: 5, code: 'burn', memo: 'burn' },
      time,
    );
  };

  const run = {
    reward: (c, time) => reward(c, time, 'message'),
    daily: (c, time) => reward(c, time, 'daily'),
    payment,
    prize,
    shop,
    list,
    sell,
    unlist: (c, time) => unlist(c, time),
    offer,
    closeTrade: (c, time) => closeTrade(c, time),
    adminMint,
    burn,
  };

  const pickCommunity = () => {
    const target = random() * sizeTotal;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };

  const pickOperation = () => {
    let target = random() * OPERATION_TOTAL;
    for (const [name, weight] of OPERATIONS) {
      target -= weight;
      if (target < 0) return name;
    }
    return OPERATIONS[0][0];
  };

  return {
    get produced() {
      return produced;
    },
    get journalSeq() {
      return journalSeq;
    },
    counts,
    communitiesUsed: () => state.size,
    /** One operation's events (1 to 6), in the order the services would publish them. */
    next() {
      out.length = 0;
      const time = timeNow();
      const c = community(pickCommunity(), time);
      c.ops += 1;
      run[pickOperation()](c, time);
      return out.slice();
    },
  };
}
