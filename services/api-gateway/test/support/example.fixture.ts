import {
  AccountsCommands,
  ArtifactsCommands,
  GovernanceCommands,
  PoolCommands,
  LedgerCommands,
  WebhookCommands,
  parseApiKey,
} from '@ticketonomics/contracts';
import { waitFor } from '@ticketonomics/testing';
import { EX } from '../../src/openapi/example.ids';
import type { ApiHarness } from './api.harness';

/** The example community, built: the values the examples name, mapped to those the services chose. */
export interface ExampleCommunity {
  /** A documented value (a webhook id, a link code, the key id) and the running system's own. */
  mapped: [documented: string, real: string][];
  keys: {
    /** Every scope: the examples' key. */
    admin: string;
    /** read only, and transfer only: each lacks the scope of some routes. */
    read: string;
    transfer: string;
    /** Past its rate limit (1 a minute) for the whole test. */
    spent: string;
  };
}

/** Each with a Telegram @username, so the wallet's examples can pay them by it. */
const MEMBERS = [
  { id: EX.ann, name: 'Ann Marsh', player: 'AnnMarsh', username: 'annmarsh', community: EX.community },
  { id: EX.bob, name: 'Bob Keller', player: 'BobKeller', username: 'bobkeller', community: EX.community },
  { id: EX.cy, name: 'Cy Novak', player: 'CyNovak', username: 'cynovak', community: EX.community },
  { id: EX.flo, name: 'Flo Brandt', player: 'FloBrandt', username: 'flobrandt', community: EX.community },
  { id: EX.dee, name: 'Dee Ortiz', player: 'DeeOrtiz', username: 'deeortiz', community: EX.otherCommunity },
];

function expectNumber(what: string, actual: number, documented: number): void {
  if (actual !== documented) {
    throw new Error(
      `the example ${what} is number ${actual} on a fresh system, not ${documented} (example.ids.ts)`,
    );
  }
}

/**
 * demo-town and harbor as example.ids.ts describes them, on fresh services, through the bus as the bot
 * and operators would make them. Numbered things are made in the documented order and checked.
 */
export async function buildExampleCommunity(h: ApiHarness): Promise<ExampleCommunity> {
  const c = h.client;
  const community = EX.community;
  await c.request(AccountsCommands.communityUpsert, { id: community, title: 'Demo Town' });
  await c.request(AccountsCommands.communityUpsert, { id: EX.otherCommunity, title: 'Harbor' });
  for (const member of MEMBERS) {
    await c.request(AccountsCommands.userUpsert, {
      identity: { provider: 'minecraft', externalId: member.player, communityId: member.community },
      userId: member.id,
      username: member.username,
      displayName: member.name,
    });
    await c.request(AccountsCommands.membershipJoin, { communityId: member.community, userId: member.id });
    const accountId = `user:${member.community}:${member.id}`;
    await waitFor(() => c.request(LedgerCommands.accountGet, { accountId }).then(() => true), {
      timeoutMs: 10_000,
      description: `ledger account ${accountId}`,
    });
  }
  await c.request(AccountsCommands.identityLink, {
    userId: EX.bob,
    provider: 'steam',
    externalId: 'bobkeller',
    communityId: community,
  });
  // Bob signs in to the wallet with Telegram in its examples.
  await c.request(AccountsCommands.identityLink, {
    userId: EX.bob,
    provider: 'telegram',
    externalId: String(EX.bobTelegramId),
  });
  await c.request(AccountsCommands.settingsSet, { communityId: community, dashboard: { public: true } });
  await c.request(LedgerCommands.policySet, { communityId: community, transferMax: 2_000 });
  const account = (id: string) => `user:${community}:${id}`;
  for (const [id, amount] of [
    [EX.ann, 5_000],
    [EX.bob, 1_000],
    [EX.flo, 200],
  ] as const) {
    await c.request(LedgerCommands.supplyMint, { id: `demo-mint-${id}`, accountId: account(id), amount });
  }
  await c.request(LedgerCommands.accountFreeze, { accountId: account(EX.flo), reason: 'shared account' });
  await c.request(LedgerCommands.transferCreate, {
    id: EX.transferId,
    debitAccountId: account(EX.ann),
    creditAccountId: account(EX.bob),
    amount: 250,
    code: 'payment',
    memo: 'Harbor lunch',
  });

  await c.request(ArtifactsCommands.settingsSet, {
    communityId: community,
    memberCreationEnabled: true,
    creationFee: 50,
  });
  const golden = await c.request(ArtifactsCommands.typeCreate, {
    requestId: 'demo-type-golden',
    communityId: community,
    creatorId: EX.ann,
    asAdmin: true,
    name: 'Golden Ticket',
    description: 'Admits one to the lighthouse gala.',
    emoji: '🎫',
    rarity: 'rare',
    supplyMax: 100,
    royaltyBps: 500,
  });
  expectNumber('Golden Ticket', golden.id, EX.goldenTicket);
  const badge = await c.request(ArtifactsCommands.typeCreate, {
    requestId: 'demo-type-badge',
    communityId: community,
    creatorId: EX.ann,
    asAdmin: true,
    name: 'Lighthouse Badge',
    emoji: '🗼',
    rarity: 'legendary',
    supplyMax: 1,
  });
  expectNumber('Lighthouse Badge', badge.id, EX.lighthouseBadge);
  for (const [number, price, stock] of [
    [EX.shopItem, 25, 50],
    [EX.shopItemSoldOut, 10, 0],
    [EX.shopItemToRestock, 30, 5],
    [EX.shopItemToClose, 20, 5],
  ] as const) {
    const item = await c.request(ArtifactsCommands.shopAdd, {
      requestId: `demo-shop-${number}`,
      communityId: community,
      typeId: golden.id,
      price,
      stock,
    });
    expectNumber('shop item', item.id, number);
  }
  for (let n = 1; n <= EX.editions.toOffer; n += 1) {
    const edition = await c.request(ArtifactsCommands.editionGrant, {
      requestId: `demo-grant-${n}`,
      communityId: community,
      typeId: golden.id,
      toId: EX.ann,
    });
    expectNumber('edition', edition.id, n);
  }
  await c.request(ArtifactsCommands.editionGrant, {
    requestId: 'demo-grant-badge',
    communityId: community,
    typeId: badge.id,
    toId: EX.bob,
  });
  const walletTradeEdition = await c.request(ArtifactsCommands.editionGrant, {
    requestId: 'demo-grant-wallet-trade',
    communityId: community,
    typeId: golden.id,
    toId: EX.ann,
  });
  expectNumber('edition', walletTradeEdition.id, EX.editions.inWalletTrade);
  const listings = [
    [EX.listings.toBuy, EX.editions.listed, 40],
    [EX.listings.toCancel, EX.editions.listedToCancel, 55],
    [EX.listings.standing, EX.editions.listedForGood, 60],
    [EX.listings.sold, EX.editions.soldToBob, 45],
  ] as const;
  for (const [number, editionId, price] of listings) {
    const listing = await c.request(ArtifactsCommands.listingCreate, {
      requestId: `demo-listing-${number}`,
      communityId: community,
      sellerId: EX.ann,
      editionId,
      price,
    });
    expectNumber('listing', listing.id, number);
  }
  const bobsListing = await c.request(ArtifactsCommands.listingCreate, {
    requestId: 'demo-listing-bobs-badge',
    communityId: community,
    sellerId: EX.bob,
    editionId: EX.editions.badge,
    price: 300,
  });
  expectNumber('listing', bobsListing.id, EX.listings.bobsBadge);
  await c.request(ArtifactsCommands.listingBuy, {
    requestId: 'demo-listing-sold',
    communityId: community,
    buyerId: EX.bob,
    listingId: EX.listings.sold,
  });
  const trades = [
    [EX.trades.toAccept, EX.editions.inTradeToAccept, 30],
    [EX.trades.toDecline, EX.editions.inTradeToDecline, 25],
    [EX.trades.accepted, EX.editions.inAcceptedTrade, 20],
    [EX.trades.toAcceptInWallet, EX.editions.inWalletTrade, 15],
  ] as const;
  for (const [number, editionId, wantAmount] of trades) {
    const offer = await c.request(ArtifactsCommands.tradeOffer, {
      requestId: `demo-trade-${number}`,
      communityId: community,
      fromId: EX.ann,
      toId: EX.bob,
      giveEditionIds: [editionId],
      wantAmount,
    });
    expectNumber('trade', offer.id, number);
  }
  await c.request(ArtifactsCommands.tradeAccept, {
    requestId: 'demo-trade-accepted',
    communityId: community,
    tradeId: EX.trades.accepted,
    byId: EX.bob,
  });

  await buildGovernance(h);

  const mapped: ExampleCommunity['mapped'] = [];
  for (const documented of [EX.webhook, EX.webhookToDelete]) {
    const created = await c.request(WebhookCommands.webhookCreate, {
      communityId: community,
      url: 'https://hooks.demo-town.example/ledger',
      eventTypes: ['tk.evt.ledger.transfer.*'],
      createdBy: EX.ann,
    });
    mapped.push([documented, created.webhook.id]);
  }
  for (const [documented, userId] of [
    [EX.cyLinkCode, EX.cy],
    [EX.annLinkCode, EX.ann],
  ] as const) {
    const { code } = await c.request(AccountsCommands.linkCodeCreate, { userId, provider: 'steam' });
    mapped.push([documented, code]);
  }
  const admin = await h.createKey(community, ['read', 'transfer', 'reward', 'admin']);
  mapped.push([EX.keyId, parseApiKey(admin.key)!.keyId]);
  const spent = (await h.createKey(community, ['read', 'transfer', 'reward', 'admin'], 1)).key;
  await h.request('GET', '/v1/key', { key: spent });
  return {
    mapped,
    keys: {
      admin: admin.key,
      read: (await h.createKey(community, ['read'])).key,
      transfer: (await h.createKey(community, ['transfer'])).key,
      spent,
    },
  };
}

/**
 * Flo's open pool and Ann's open proposal (which Ann voted for), with the rules letting every member
 * propose and vote at once. Governance learns members from accounts' events, in order: once Flo, the last
 * of demo-town, may open a pool, it knows them all.
 */
async function buildGovernance(h: ApiHarness): Promise<void> {
  const c = h.client;
  const communityId = EX.community;
  await c.request(GovernanceCommands.settingsSet, {
    communityId,
    membershipDaysMin: 0,
    activityDays: null,
    proposalCooldownMs: 0,
  });
  let poolId = 0;
  await waitFor(
    async () => {
      const pool = await c
        .request(PoolCommands.poolOpen, {
          requestId: 'demo-pool-projector',
          communityId,
          openerId: EX.flo,
          title: 'A projector for the club room',
          purpose: 'treasury',
          targetAmount: 5_000,
          deadline: new Date(Date.now() + 3 * 86_400_000).toISOString(),
        })
        .catch(() => undefined);
      poolId = pool?.id ?? 0;
      return pool !== undefined;
    },
    { timeoutMs: 15_000, intervalMs: 100, description: "governance to know demo-town's members" },
  );
  expectNumber('pool', poolId, EX.pool);
  const proposal = await c.request(GovernanceCommands.proposalCreate, {
    requestId: 'demo-proposal-tax',
    communityId,
    proposerId: EX.ann,
    parameter: 'ledger.taxBps',
    value: 300,
    title: 'Raise the tax to 3% for the winter fund',
  });
  expectNumber('proposal', proposal.id, EX.proposal);
  await c.request(GovernanceCommands.proposalVote, {
    communityId,
    proposalId: proposal.id,
    voterId: EX.ann,
    choice: 'yes',
  });
}
