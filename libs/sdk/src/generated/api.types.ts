// Generated from the gateway's OpenAPI document by generateApiTypes (src/codegen/openapi-types.ts).
// Do not edit: UPDATE_SDK_TYPES=1 npx jest services/api-gateway/test/sdk.e2e-spec.ts writes it again.

export interface Schemas {
  AcceptTradeRequest: {
    byId: string;
  };
  Account: {
    id: string;
    communityId: string;
    kind: 'user' | 'treasury' | 'issuance' | 'escrow';
    ownerId: string | null;
    frozen: boolean;
    balance: number;
    pendingDebits: number;
    pendingCredits: number;
    available: number;
    createdAt: string;
  };
  AddShopItemRequest: {
    typeId: number;
    price: number;
    stock?: number | null;
    startsAt?: string | null;
    endsAt?: string | null;
  };
  ApiKey: {
    keyId: string;
    communityId: string;
    scopes: Array<'read' | 'transfer' | 'reward' | 'governance' | 'admin'>;
    rateLimitPerMinute: number;
  };
  AppSession: {
    token: string;
    tokenType: 'Bearer';
    expiresAt: string;
    sessionExpiresAt: string;
    user: {
      id: string;
      displayName: string;
      username: string | null;
      language: string;
    };
    communityId: string | null;
    communities: Array<{
      communityId: string;
      title: string;
      role: 'member' | 'admin' | 'owner';
    }>;
    communitiesComplete: boolean;
  };
  ArtifactType: {
    communityId: string;
    id: number;
    name: string;
    description: string;
    emoji: string | null;
    imageUrl: string | null;
    rarity: 'common' | 'uncommon' | 'rare' | 'epic' | 'legendary';
    supplyMax: number | null;
    minted: number;
    burned: number;
    creatorId: string;
    royaltyBps: number;
    lastPrice: number | null;
    createdAt: string;
  };
  Balance: {
    accountId: string;
    balance: number;
    pendingDebits: number;
    pendingCredits: number;
    available: number;
  };
  BrowseListingsResponse: {
    items: Array<{
      listing: Schemas['Listing'];
      type: Schemas['ArtifactType'];
    }>;
    nextCursor: string | null;
  };
  BrowseShopResponse: {
    items: Array<{
      item: Schemas['ShopItem'];
      type: Schemas['ArtifactType'];
    }>;
    nextCursor: string | null;
  };
  BurnEditionRequest: {
    ownerId: string;
  };
  BuyFromShopRequest: {
    buyerId: string;
    priceMax?: number;
  };
  BuyFromShopResponse: {
    requestId: string;
    payment: {
      price: number;
      toPayee: number;
      fee: number;
      royalty: number;
      holdId: string | null;
    };
    editions: Array<Schemas['Edition']>;
  };
  BuyListingRequest: {
    buyerId: string;
    priceMax?: number;
  };
  CancelPoolRequest: {
    openerId: string;
  };
  CancelProposalRequest: {
    proposerId: string;
  };
  Community: {
    id: string;
    title: string;
    telegramChatId: string | null;
    createdAt: string;
    updatedAt: string;
  };
  CreateArtifactTypeRequest: {
    creatorId: string;
    name: string;
    description?: string;
    emoji?: string;
    imageUrl?: string;
    rarity?: 'common' | 'uncommon' | 'rare' | 'epic' | 'legendary';
    supplyMax?: number | null;
    royaltyBps?: number;
  };
  CreateListingRequest: {
    sellerId: string;
    editionId: number;
    price: number;
  };
  CreateMemberArtifactTypeRequest: {
    name: string;
    description?: string;
    emoji?: string;
    imageUrl?: string;
    rarity?: 'common' | 'uncommon' | 'rare' | 'epic' | 'legendary';
    supplyMax?: number | null;
    royaltyBps?: number;
  };
  CreateProposalRequest: {
    proposerId: string;
    parameter:
      | 'ledger.taxBps'
      | 'ledger.transferMin'
      | 'ledger.transferMax'
      | 'ledger.dailySendMax'
      | 'ledger.dailyReceiveMax'
      | 'emission.fixedAmount'
      | 'emission.rateBps'
      | 'emission.supplyCap'
      | 'distribution.basicIncomeShareBps'
      | 'distribution.earnedShareBps'
      | 'distribution.interestShareBps'
      | 'treasury.grant'
      | 'rewards.messageReward'
      | 'rewards.messageCooldownMs'
      | 'rewards.dailyMessageRewardsMax'
      | 'rewards.dailyBonus'
      | 'rewards.dailyStreakBonus';
    value: number;
    recipientId?: string;
    title: string;
  };
  CreateTransferRequest: {
    from: string;
    to: string;
    amount: number;
    memo?: string;
  };
  CreateWebhookRequest: {
    url: string;
    eventTypes: Array<string>;
  };
  CreateWebhookResponse: {
    webhook: Schemas['Webhook'];
    secret: string;
  };
  DeclineTradeRequest: {
    byId: string;
  };
  Edition: {
    communityId: string;
    id: number;
    typeId: number;
    serial: number;
    ownerId: string | null;
    status: 'owned' | 'listed' | 'in_trade' | 'burned';
    mintedAt: string;
    updatedAt: string;
  };
  Error: {
    error: {
      code:
        | 'VALIDATION_FAILED'
        | 'NOT_FOUND'
        | 'INSUFFICIENT_FUNDS'
        | 'ACCOUNT_FROZEN'
        | 'IDEMPOTENCY_CONFLICT'
        | 'CONFLICT'
        | 'UNAUTHENTICATED'
        | 'FORBIDDEN'
        | 'LIMIT_EXCEEDED'
        | 'RATE_LIMITED'
        | 'COMMUNITY_MISMATCH'
        | 'ALREADY_REVERSED'
        | 'NOT_REVERSIBLE'
        | 'PENDING_NOT_OPEN'
        | 'SOLD_OUT'
        | 'LINK_CODE_INVALID'
        | 'IDENTITY_TAKEN'
        | 'OVERLOADED'
        | 'UNAVAILABLE'
        | 'INTERNAL'
        | 'METHOD_NOT_ALLOWED'
        | 'PAYLOAD_TOO_LARGE';
      message: string;
      details: {
        [key: string]: unknown;
      };
    };
  };
  'ErrorDetails.ACCOUNT_FROZEN': {
    field?: string;
    in?: 'path' | 'query' | 'body' | 'header';
    index?: number;
    accountId?: string;
  };
  'ErrorDetails.ALREADY_REVERSED': {
    field?: string;
    in?: 'path' | 'query' | 'body' | 'header';
    index?: number;
    reversalId: string;
  };
  'ErrorDetails.COMMUNITY_MISMATCH': {
    field?: string;
    in?: 'path' | 'query' | 'body' | 'header';
    index?: number;
  };
  'ErrorDetails.CONFLICT': {
    field?: string;
    in?: 'path' | 'query' | 'body' | 'header';
    index?: number;
    reason?: string;
    userId?: string;
    provider?: string;
    externalId?: string;
    editionId?: number;
    listingId?: number | null;
    proposalId?: number;
    poolId?: number;
    status?: string;
    price?: number;
    startsAt?: string;
    endsAt?: string;
  };
  'ErrorDetails.FORBIDDEN': {
    field?: string;
    in?: 'path' | 'query' | 'body' | 'header';
    index?: number;
    reason?: string;
    communityId?: string;
    userId?: string;
    keyId?: string;
    requiredScope?: string;
    scopes?: Array<string>;
  };
  'ErrorDetails.IDEMPOTENCY_CONFLICT': {
    field?: string;
    in?: 'path' | 'query' | 'body' | 'header';
    index?: number;
    id?: string;
    requestId?: string;
    keyId?: string;
    differs?: string;
  };
  'ErrorDetails.IDENTITY_TAKEN': {
    field?: string;
    in?: 'path' | 'query' | 'body' | 'header';
    index?: number;
  };
  'ErrorDetails.INSUFFICIENT_FUNDS': {
    field?: string;
    in?: 'path' | 'query' | 'body' | 'header';
    index?: number;
    accountId: string;
    available: number;
    required: number;
  };
  'ErrorDetails.INTERNAL': Record<string, never>;
  'ErrorDetails.LIMIT_EXCEEDED': {
    field?: string;
    in?: 'path' | 'query' | 'body' | 'header';
    index?: number;
    cap?: 'dailySendMax' | 'dailyReceiveMax';
    limit?: number;
    usedToday?: number;
    remaining?: number;
    min?: number;
    max?: number;
  };
  'ErrorDetails.LINK_CODE_INVALID': {
    field?: string;
    in?: 'path' | 'query' | 'body' | 'header';
    index?: number;
    provider: string;
  };
  'ErrorDetails.METHOD_NOT_ALLOWED': {
    reason: 'method';
    allowed: Array<string>;
  };
  'ErrorDetails.NOT_FOUND': {
    field?: string;
    in?: 'path' | 'query' | 'body' | 'header';
    index?: number;
    accountId?: string;
    communityId?: string;
    userId?: string;
    username?: string;
    provider?: string;
    externalId?: string;
    keyId?: string;
    webhookId?: string;
    editionId?: number;
    listingId?: number;
    shopItemId?: number;
    tradeId?: number;
    typeId?: number;
    proposalId?: number;
    poolId?: number;
    reason?: 'route';
  };
  'ErrorDetails.NOT_REVERSIBLE': {
    field?: string;
    in?: 'path' | 'query' | 'body' | 'header';
    index?: number;
    kind: string;
  };
  'ErrorDetails.OVERLOADED': {
    field?: string;
    in?: 'path' | 'query' | 'body' | 'header';
    index?: number;
    reason?: 'shutdown' | 'stream_connections' | 'feed_clients';
  };
  'ErrorDetails.PAYLOAD_TOO_LARGE': {
    field?: string;
    in?: 'path' | 'query' | 'body' | 'header';
    reason: 'too_large';
    maxBytes: number;
  };
  'ErrorDetails.PENDING_NOT_OPEN': {
    field?: string;
    in?: 'path' | 'query' | 'body' | 'header';
    index?: number;
    state: string | null;
  };
  'ErrorDetails.RATE_LIMITED': {
    field?: string;
    in?: 'path' | 'query' | 'body' | 'header';
    index?: number;
    reason: string;
    retryAfterSeconds: number;
    limit?: number;
    windowSeconds?: number | null;
  };
  'ErrorDetails.SOLD_OUT': {
    field?: string;
    in?: 'path' | 'query' | 'body' | 'header';
    index?: number;
    reason?: string;
  };
  'ErrorDetails.UNAUTHENTICATED': {
    field?: string;
    in?: 'path' | 'query' | 'body' | 'header';
    index?: number;
    reason: 'missing' | 'invalid' | 'revoked' | 'expired' | 'replayed';
    keyId?: string;
  };
  'ErrorDetails.UNAVAILABLE': {
    field?: string;
    in?: 'path' | 'query' | 'body' | 'header';
    index?: number;
    timeoutMs?: number;
    requestId?: string;
    state?: string;
    service?: string;
  };
  'ErrorDetails.VALIDATION_FAILED': {
    field?: string;
    in?: 'path' | 'query' | 'body' | 'header';
    index?: number;
    issues?: Array<{
      field: string;
      message: string;
    }>;
    cap?: 'dailySendMax' | 'dailyReceiveMax';
    limit?: number;
    smallest?: number;
    held?: number;
  };
  GetDashboardVisibilityResponse: {
    communityId: string;
    public: boolean;
    path: string;
    version: number;
    updatedAt: string;
  };
  GetEditionResponse: {
    edition: Schemas['Edition'];
    type: Schemas['ArtifactType'];
    provenance: Array<{
      communityId: string;
      seq: number;
      editionId: number;
      kind: 'minted' | 'bought' | 'sold' | 'gifted' | 'traded' | 'burned' | 'reverted';
      fromId: string | null;
      toId: string | null;
      price: number | null;
      requestId: string;
      at: string;
      prevHash: string;
      hash: string;
    }>;
  };
  GetInventoryResponse: {
    items: Array<{
      edition: Schemas['Edition'];
      type: Schemas['ArtifactType'];
    }>;
    nextCursor: string | null;
    editionCount: number;
    collectionValue: number;
  };
  GetLeaderboardResponse: {
    board: 'holders' | 'earners-week';
    items: Array<{
      rank: number;
      accountId: string;
      ownerId: string | null;
      value: number;
      displayName: string | null;
    }>;
  };
  GetMarketStatsResponse: {
    types: Array<{
      typeId: number;
      name: string | null;
      marketSales: number;
      marketVolume: number;
      shopSales: number;
      shopVolume: number;
      lastPrice: number | null;
      floorPrice: number | null;
      listings: number;
    }>;
    nextCursor: string | null;
  };
  GetPoolResponse: {
    pool: Schemas['Pool'];
    pledges: Array<Schemas['Pledge']>;
  };
  GetSeriesResponse: {
    metric: 'volume' | 'transfers' | 'supply' | 'active';
    bucket: 'hour' | 'day';
    points: Array<{
      start: string;
      value: number;
    }>;
  };
  GetStatsResponse: {
    communityId: string;
    at: string;
    supply: number;
    circulating: number;
    treasury: number;
    escrow: number;
    memberCount: number;
    gini: number;
    velocity24h: number;
    velocity7d: number;
    activeDaily: number;
    activeWeekly: number;
    activeMonthly: number;
    transfersTotal: number;
    volumeTotal: number;
    transfers24h: number;
    volume24h: number;
    journalRows: number;
    minted: number;
    burned: number;
    rewardsCount: number;
    rewardsTotal: number;
    taxTotal: number;
    feesTotal: number;
    lastEventAt: string | null;
    appliedSeq: number;
  };
  GetSupplyResponse: {
    communityId: string;
    supply: number;
    treasury: number;
    circulating: number;
    accounts: number;
    transfers: number;
  };
  GiftEditionRequest: {
    fromId: string;
    toId: string;
  };
  GovernanceSettings: {
    communityId: string;
    votingPeriodMs: number;
    quorumBps: number;
    thresholdBps: number;
    raiseThresholdBps: number;
    timelockMs: number;
    membershipDaysMin: number;
    activityDays: number | null;
    proposalCooldownMs: number;
    openProposalsMax: number;
    version: number;
    updatedAt: string | null;
  };
  GrantArtifactRequest: {
    memberId: string;
  };
  Identity: {
    provider: string;
    externalId: string;
    communityId: string | null;
    linkedAt: string;
  };
  ListArtifactTypesResponse: {
    items: Array<Schemas['ArtifactType']>;
    nextCursor: string | null;
  };
  ListGovernanceHistoryResponse: {
    items: Array<Schemas['ParameterChange']>;
    nextCursor: string | null;
  };
  ListMembersResponse: {
    items: Array<{
      communityId: string;
      userId: string;
      role: 'member' | 'admin' | 'owner';
      status: 'active' | 'left';
      joinedAt: string;
      leftAt: string | null;
      updatedAt: string;
      displayName: string;
    }>;
    nextCursor: string | null;
  };
  ListTradesResponse: {
    items: Array<Schemas['Trade']>;
    nextCursor: string | null;
  };
  ListTransfersResponse: {
    items: Array<Schemas['Transfer']>;
    nextCursor: string | null;
  };
  ListWebhookDeliveriesResponse: {
    items: Array<{
      id: number;
      webhookId: string;
      eventId: string;
      eventType: string;
      attempts: number;
      status: 'pending' | 'delivered' | 'failed';
      lastStatusCode: number | null;
      lastError: string | null;
      nextAttemptAt: string | null;
      createdAt: string;
      deliveredAt: string | null;
    }>;
    nextCursor: string | null;
  };
  ListWebhooksResponse: {
    items: Array<Schemas['Webhook']>;
  };
  Listing: {
    communityId: string;
    id: number;
    editionId: number;
    typeId: number;
    sellerId: string;
    price: number;
    status: 'active' | 'sold' | 'cancelled';
    buyerId: string | null;
    createdAt: string;
    updatedAt: string;
  };
  Member: {
    user: Schemas['User'];
    membership: Schemas['Membership'];
    accountId: string;
  };
  Membership: {
    communityId: string;
    userId: string;
    role: 'member' | 'admin' | 'owner';
    status: 'active' | 'left';
    joinedAt: string;
    leftAt: string | null;
    updatedAt: string;
  };
  OfferTradeRequest: {
    fromId: string;
    toId: string;
    giveEditionIds: Array<number>;
    wantEditionIds?: Array<number>;
    wantAmount?: 0 | number;
    ttlMs?: number;
  };
  OpenPoolRequest: {
    openerId: string;
    title: string;
    purpose: 'treasury' | 'prize' | 'artifact';
    recipientId?: string;
    targetAmount: number;
    deadline: string;
  };
  ParameterChange: {
    communityId: string;
    seq: number;
    parameter:
      | 'ledger.taxBps'
      | 'ledger.transferMin'
      | 'ledger.transferMax'
      | 'ledger.dailySendMax'
      | 'ledger.dailyReceiveMax'
      | 'emission.fixedAmount'
      | 'emission.rateBps'
      | 'emission.supplyCap'
      | 'distribution.basicIncomeShareBps'
      | 'distribution.earnedShareBps'
      | 'distribution.interestShareBps'
      | 'treasury.grant'
      | 'rewards.messageReward'
      | 'rewards.messageCooldownMs'
      | 'rewards.dailyMessageRewardsMax'
      | 'rewards.dailyBonus'
      | 'rewards.dailyStreakBonus';
    oldValue: number | null;
    newValue: number | null;
    recipientId: string | null;
    source: 'proposal' | 'admin';
    proposalId: number | null;
    at: string;
  };
  Party: {
    accountId: string;
    kind: string;
    memberId: string | null;
    label: string;
  };
  PayRewardRequest: {
    memberId: string;
    amount: number;
    memo?: string;
  };
  Pledge: {
    communityId: string;
    poolId: number;
    seq: number;
    memberId: string;
    amount: number;
    status: 'holding' | 'held' | 'posted' | 'voided';
    holdId: string;
    createdAt: string;
  };
  PledgeToPoolRequest: {
    memberId: string;
    amount: number;
  };
  Pool: {
    communityId: string;
    id: number;
    openerId: string;
    title: string;
    purpose: 'treasury' | 'prize' | 'artifact';
    recipientId: string | null;
    targetAmount: number;
    deadline: string;
    status: 'open' | 'settling' | 'settled' | 'releasing' | 'released';
    pledgedAmount: number;
    pledgeCount: number;
    escrowAccountId: string;
    payoutAccountId: string;
    payoutTransferId: string;
    createdAt: string;
    closingAt: string | null;
    closedAt: string | null;
    releaseReason: ('deadline' | 'cancelled' | 'refused') | null;
    cancelledBy: string | null;
    failure: string | null;
  };
  Proposal: {
    communityId: string;
    id: number;
    proposerId: string;
    title: string;
    parameter:
      | 'ledger.taxBps'
      | 'ledger.transferMin'
      | 'ledger.transferMax'
      | 'ledger.dailySendMax'
      | 'ledger.dailyReceiveMax'
      | 'emission.fixedAmount'
      | 'emission.rateBps'
      | 'emission.supplyCap'
      | 'distribution.basicIncomeShareBps'
      | 'distribution.earnedShareBps'
      | 'distribution.interestShareBps'
      | 'treasury.grant'
      | 'rewards.messageReward'
      | 'rewards.messageCooldownMs'
      | 'rewards.dailyMessageRewardsMax'
      | 'rewards.dailyBonus'
      | 'rewards.dailyStreakBonus';
    currentValue: number | null;
    proposedValue: number;
    recipientId: string | null;
    thresholdBps: number;
    quorumBps: number;
    timelockMs: number;
    status:
      | 'voting'
      | 'passed'
      | 'applying'
      | 'applied'
      | 'rejected'
      | 'vetoed'
      | 'cancelled'
      | 'failed'
      | 'expired';
    eligibleCount: number;
    yes: number;
    no: number;
    createdAt: string;
    votingEndsAt: string;
    decidedAt: string | null;
    appliesAt: string | null;
    rejectedFor: ('quorum' | 'threshold') | null;
    veto: {
      by: string;
      reason: string;
      at: string;
    } | null;
    cancelledAt: string | null;
    appliedAt: string | null;
    failure: string | null;
  };
  PublicArtifacts: {
    items: Array<{
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
    }>;
  };
  PublicEconomy: {
    currency: {
      name: string;
      symbol: string;
    };
    supply: number;
    treasury: number;
    schedule: {
      emission: {
        mode: 'none' | 'fixed' | 'rate';
        amount: number | null;
        rateBps: number;
        period: 'hour' | 'day' | 'week';
        supplyCap: number | null;
        startAt: string | null;
      };
      active: boolean;
      nextDueAt: string | null;
      emittedTotal: number;
      demurrageTotal: number;
      demurrage: {
        thresholdAmount: number;
        rateBps: number;
        destination: 'treasury' | 'burn';
      } | null;
      taxBps: number;
      taxDestination: 'treasury' | 'burn';
    };
    projection: {
      period: 'hour' | 'day' | 'week';
      points: Array<{
        period: number;
        endsAt: string | null;
        emitted: number;
        supply: number;
      }>;
      capReachedAt: number | null;
    };
    flows: Array<{
      day: string;
      emitted: number;
      rewarded: number;
      rewardsMinted: number;
      minted: number;
      taxed: number;
      burned: number;
      supply: number;
      treasury: number;
    }> | null;
  };
  PublicGovernance: {
    open: Array<{
      id: number;
      title: string;
      parameter: string;
      currentValue: number | null;
      proposedValue: number;
      status:
        | 'voting'
        | 'passed'
        | 'applying'
        | 'applied'
        | 'rejected'
        | 'vetoed'
        | 'cancelled'
        | 'failed'
        | 'expired';
      yes: number;
      no: number;
      eligibleCount: number;
      proposer: string;
      votingEndsAt: string;
      decidedAt: string | null;
      appliesAt: string | null;
      appliedAt: string | null;
      rejectedFor: ('quorum' | 'threshold') | null;
      veto: {
        by: string;
        reason: string;
        at: string;
      } | null;
      failure: string | null;
    }>;
    results: Array<{
      id: number;
      title: string;
      parameter: string;
      currentValue: number | null;
      proposedValue: number;
      status:
        | 'voting'
        | 'passed'
        | 'applying'
        | 'applied'
        | 'rejected'
        | 'vetoed'
        | 'cancelled'
        | 'failed'
        | 'expired';
      yes: number;
      no: number;
      eligibleCount: number;
      proposer: string;
      votingEndsAt: string;
      decidedAt: string | null;
      appliesAt: string | null;
      appliedAt: string | null;
      rejectedFor: ('quorum' | 'threshold') | null;
      veto: {
        by: string;
        reason: string;
        at: string;
      } | null;
      failure: string | null;
    }>;
    history: Array<{
      seq: number;
      parameter:
        | 'ledger.taxBps'
        | 'ledger.transferMin'
        | 'ledger.transferMax'
        | 'ledger.dailySendMax'
        | 'ledger.dailyReceiveMax'
        | 'emission.fixedAmount'
        | 'emission.rateBps'
        | 'emission.supplyCap'
        | 'distribution.basicIncomeShareBps'
        | 'distribution.earnedShareBps'
        | 'distribution.interestShareBps'
        | 'treasury.grant'
        | 'rewards.messageReward'
        | 'rewards.messageCooldownMs'
        | 'rewards.dailyMessageRewardsMax'
        | 'rewards.dailyBonus'
        | 'rewards.dailyStreakBonus';
      oldValue: number | null;
      newValue: number | null;
      source: 'proposal' | 'admin';
      proposalId: number | null;
      at: string;
    }>;
  };
  PublicLeaderboard: {
    source: 'analytics' | 'ledger';
    partial: boolean;
    items: Array<{
      rank: number;
      balance: number;
      party: Schemas['Party'];
    }>;
  };
  PublicOverview: {
    communityId: string;
    title: string | null;
    currency: {
      name: string;
      symbol: string;
    };
    supply: number;
    circulating: number;
    treasury: number;
    members: number;
    gini: number;
    velocity24h: number;
    velocity7d: number | null;
    active24h: number;
    active7d: number | null;
    transfers24h: number;
    volume24h: number;
    journalRows: number;
    sources: {
      supply: 'ledger';
      figures: 'analytics' | 'ledger';
    };
    partial: boolean;
    asOf: string;
  };
  PublicTransactions: {
    items: Array<{
      id: string;
      seq: number;
      code: string;
      amount: number;
      from: Schemas['Party'];
      to: Schemas['Party'];
      at: string;
      purchase: {
        id: string;
        channel: ('shop' | 'market' | 'trade' | 'creation') | null;
        itemName: string | null;
      } | null;
    }>;
  };
  PublicVerify: {
    ok: boolean;
    chainIntact: boolean;
    matchesReplicatedJournal: boolean;
    entries: number;
    balanceMismatches: number;
    communitySum: number;
    provenance: {
      ok: boolean;
      entries: number;
      editions: number;
      headHash: string;
    } | null;
    checkedAt: string;
  };
  PublicVolume: {
    source: 'analytics' | 'ledger';
    bucket: 'hour';
    points: Array<{
      start: string;
      value: number;
    }>;
  };
  ReadAuditLogResponse: {
    items: Array<{
      time: string;
      keyId: string | null;
      communityId: string | null;
      method: string;
      route: string | null;
      status: number;
      errorCode:
        | (
            | 'VALIDATION_FAILED'
            | 'NOT_FOUND'
            | 'INSUFFICIENT_FUNDS'
            | 'ACCOUNT_FROZEN'
            | 'IDEMPOTENCY_CONFLICT'
            | 'CONFLICT'
            | 'UNAUTHENTICATED'
            | 'FORBIDDEN'
            | 'LIMIT_EXCEEDED'
            | 'RATE_LIMITED'
            | 'COMMUNITY_MISMATCH'
            | 'ALREADY_REVERSED'
            | 'NOT_REVERSIBLE'
            | 'PENDING_NOT_OPEN'
            | 'SOLD_OUT'
            | 'LINK_CODE_INVALID'
            | 'IDENTITY_TAKEN'
            | 'OVERLOADED'
            | 'UNAVAILABLE'
            | 'INTERNAL'
            | 'METHOD_NOT_ALLOWED'
            | 'PAYLOAD_TOO_LARGE'
          )
        | null;
      durationMs: number;
      seq: number;
    }>;
    nextCursor: string | null;
  };
  RedeemLinkCodeRequest: {
    provider: string;
    externalId: string;
    code: string;
  };
  RefreshSessionRequest: {
    communityId?: string;
  };
  RegisterMemberRequest: {
    identity: {
      provider: string;
      externalId: string;
    };
    displayName: string;
    language?: string;
  };
  RestockShopItemRequest: {
    add: number | null;
  };
  SetDashboardVisibilityRequest: {
    public: boolean;
  };
  SetGovernanceSettingsRequest: {
    votingPeriodMs?: number;
    quorumBps?: number;
    thresholdBps?: number;
    raiseThresholdBps?: number;
    timelockMs?: number;
    membershipDaysMin?: number;
    activityDays?: number | null;
    proposalCooldownMs?: number;
    openProposalsMax?: number;
  };
  ShopItem: {
    communityId: string;
    id: number;
    typeId: number;
    price: number;
    stock: number | null;
    sold: number;
    startsAt: string | null;
    endsAt: string | null;
    closed: boolean;
    createdAt: string;
    updatedAt: string;
  };
  SignInLoginWidgetRequest: {
    id: number;
    first_name: string;
    last_name?: string;
    username?: string;
    photo_url?: string;
    auth_date: number;
    hash: string;
    communityId?: string;
  };
  SignInWebAppRequest: {
    initData: string;
    communityId?: string;
  };
  Trade: {
    communityId: string;
    id: number;
    fromId: string;
    toId: string;
    giveEditionIds: Array<number>;
    wantEditionIds: Array<number>;
    wantAmount: number;
    status: 'open' | 'accepted' | 'declined' | 'cancelled' | 'expired';
    expiresAt: string;
    createdAt: string;
    updatedAt: string;
  };
  Transfer: {
    seq: number;
    id: string;
    kind: 'posted' | 'pending' | 'post_pending' | 'void_pending';
    communityId: string;
    debitAccountId: string;
    creditAccountId: string;
    amount: number;
    code:
      | 'payment'
      | 'reward'
      | 'bonus'
      | 'mint'
      | 'burn'
      | 'fee'
      | 'tax'
      | 'fine'
      | 'purchase'
      | 'sale'
      | 'royalty'
      | 'refund'
      | 'trade'
      | 'adjustment'
      | 'reversal'
      | 'pledge';
    memo: string;
    pendingId: string | null;
    pendingState: ('open' | 'posted' | 'voided' | 'expired') | null;
    expiresAt: string | null;
    reversesId: string | null;
    linkedTo: string | null;
    debitBalanceAfter: number;
    creditBalanceAfter: number;
    createdAt: string;
    hash: string;
  };
  TransferResult: {
    transfer: Schemas['Transfer'];
    tax: Schemas['Transfer'] | null;
  };
  User: {
    id: string;
    username: string | null;
    displayName: string;
    language: string;
    identities: Array<Schemas['Identity']>;
    createdAt: string;
    updatedAt: string;
  };
  VerifyJournalResponse: {
    ok: boolean;
    entries: number;
    headHash: string;
    chainBreaks: Array<{
      seq: number;
      expected: string;
      actual: string;
    }>;
    balanceMismatches: Array<{
      accountId: string;
      field: string;
      journal: number;
      stored: number;
    }>;
    sumByCommunity: Array<{
      communityId: string;
      sum: number;
    }>;
    replicated: {
      groups: number;
      entries: number;
      mismatches: Array<{
        check: string;
        accountId?: string;
        journal: string;
        file: string;
      }>;
    };
  };
  VetoProposalRequest: {
    adminId: string;
    reason: string;
  };
  Vote: {
    communityId: string;
    proposalId: number;
    voterId: string;
    choice: 'yes' | 'no';
    at: string;
  };
  VoteOnProposalRequest: {
    voterId: string;
    choice: 'yes' | 'no';
  };
  WalletBuyFromShopRequest: {
    priceMax?: number;
  };
  WalletBuyListingRequest: {
    priceMax?: number;
  };
  WalletCreateListingRequest: {
    editionId: number;
    price: number;
  };
  WalletGetCommunityResponse: {
    community: Schemas['Community'];
    membership: Schemas['Membership'];
    accountId: string;
  };
  WalletListPoolsResponse: {
    items: Array<Schemas['Pool']>;
    nextCursor: string | null;
  };
  WalletListProposalsResponse: {
    items: Array<Schemas['Proposal']>;
    nextCursor: string | null;
  };
  WalletPayRequest: {
    to: string;
    amount: number;
    memo?: string;
  };
  WalletPledgeRequest: {
    amount: number;
  };
  WalletPledgeResponse: {
    pledge: Schemas['Pledge'];
    pool: Schemas['Pool'];
  };
  WalletVoteRequest: {
    choice: 'yes' | 'no';
  };
  WalletVoteResponse: {
    vote: Schemas['Vote'];
    proposal: Schemas['Proposal'];
  };
  Webhook: {
    id: string;
    communityId: string;
    url: string;
    eventTypes: Array<string>;
    status: 'active' | 'disabled';
    failureCount: number;
    createdAt: string;
    createdBy: string;
    disabledAt: string | null;
    disabledReason: string | null;
  };
}

export interface Operations {
  acceptTrade: {
    params: {
      communityId: string;
      tradeId: number;
    };
    query: Record<string, never>;
    body: Schemas['AcceptTradeRequest'];
    response: Schemas['BuyFromShopResponse'];
  };
  addShopItem: {
    params: {
      communityId: string;
    };
    query: Record<string, never>;
    body: Schemas['AddShopItemRequest'];
    response: Schemas['ShopItem'];
  };
  browseListings: {
    params: {
      communityId: string;
    };
    query: {
      cursor?: string;
      limit?: number;
      typeId?: number;
      status?: 'active' | 'sold' | 'cancelled';
    };
    body: undefined;
    response: Schemas['BrowseListingsResponse'];
  };
  browseShop: {
    params: {
      communityId: string;
    };
    query: {
      cursor?: string;
      limit?: number;
    };
    body: undefined;
    response: Schemas['BrowseShopResponse'];
  };
  burnEdition: {
    params: {
      communityId: string;
      editionId: number;
    };
    query: Record<string, never>;
    body: Schemas['BurnEditionRequest'];
    response: Schemas['Edition'];
  };
  buyFromShop: {
    params: {
      communityId: string;
      shopItemId: number;
    };
    query: Record<string, never>;
    body: Schemas['BuyFromShopRequest'];
    response: Schemas['BuyFromShopResponse'];
  };
  buyListing: {
    params: {
      communityId: string;
      listingId: number;
    };
    query: Record<string, never>;
    body: Schemas['BuyListingRequest'];
    response: Schemas['BuyFromShopResponse'];
  };
  cancelListing: {
    params: {
      communityId: string;
      listingId: number;
    };
    query: {
      sellerId: string;
    };
    body: undefined;
    response: Schemas['Listing'];
  };
  cancelPool: {
    params: {
      communityId: string;
      poolId: number;
    };
    query: Record<string, never>;
    body: Schemas['CancelPoolRequest'];
    response: Schemas['Pool'];
  };
  cancelProposal: {
    params: {
      communityId: string;
      proposalId: number;
    };
    query: Record<string, never>;
    body: Schemas['CancelProposalRequest'];
    response: Schemas['Proposal'];
  };
  closeShopItem: {
    params: {
      communityId: string;
      shopItemId: number;
    };
    query: Record<string, never>;
    body: undefined;
    response: Schemas['ShopItem'];
  };
  createArtifactType: {
    params: {
      communityId: string;
    };
    query: Record<string, never>;
    body: Schemas['CreateArtifactTypeRequest'];
    response: Schemas['ArtifactType'];
  };
  createListing: {
    params: {
      communityId: string;
    };
    query: Record<string, never>;
    body: Schemas['CreateListingRequest'];
    response: Schemas['Listing'];
  };
  createMemberArtifactType: {
    params: {
      communityId: string;
      memberId: string;
    };
    query: Record<string, never>;
    body: Schemas['CreateMemberArtifactTypeRequest'];
    response: Schemas['ArtifactType'];
  };
  createProposal: {
    params: {
      communityId: string;
    };
    query: Record<string, never>;
    body: Schemas['CreateProposalRequest'];
    response: Schemas['Proposal'];
  };
  createTransfer: {
    params: {
      communityId: string;
    };
    query: Record<string, never>;
    body: Schemas['CreateTransferRequest'];
    response: Schemas['TransferResult'];
  };
  createWebhook: {
    params: {
      communityId: string;
    };
    query: Record<string, never>;
    body: Schemas['CreateWebhookRequest'];
    response: Schemas['CreateWebhookResponse'];
  };
  declineTrade: {
    params: {
      communityId: string;
      tradeId: number;
    };
    query: Record<string, never>;
    body: Schemas['DeclineTradeRequest'];
    response: Schemas['Trade'];
  };
  deleteWebhook: {
    params: {
      communityId: string;
      webhookId: string;
    };
    query: Record<string, never>;
    body: undefined;
    response: Schemas['Webhook'];
  };
  enableWebhook: {
    params: {
      communityId: string;
      webhookId: string;
    };
    query: Record<string, never>;
    body: undefined;
    response: Schemas['Webhook'];
  };
  findMemberByIdentity: {
    params: {
      communityId: string;
      provider: string;
      externalId: string;
    };
    query: Record<string, never>;
    body: undefined;
    response: Schemas['Member'];
  };
  getAccount: {
    params: {
      communityId: string;
      accountId: string;
    };
    query: Record<string, never>;
    body: undefined;
    response: Schemas['Account'];
  };
  getArtifactType: {
    params: {
      communityId: string;
      typeId: number;
    };
    query: Record<string, never>;
    body: undefined;
    response: Schemas['ArtifactType'];
  };
  getCommunity: {
    params: {
      communityId: string;
    };
    query: Record<string, never>;
    body: undefined;
    response: Schemas['Community'];
  };
  getDashboardVisibility: {
    params: {
      communityId: string;
    };
    query: Record<string, never>;
    body: undefined;
    response: Schemas['GetDashboardVisibilityResponse'];
  };
  getEdition: {
    params: {
      communityId: string;
      editionId: number;
    };
    query: Record<string, never>;
    body: undefined;
    response: Schemas['GetEditionResponse'];
  };
  getGovernanceSettings: {
    params: {
      communityId: string;
    };
    query: Record<string, never>;
    body: undefined;
    response: Schemas['GovernanceSettings'];
  };
  getInventory: {
    params: {
      communityId: string;
      memberId: string;
    };
    query: {
      cursor?: string;
      limit?: number;
    };
    body: undefined;
    response: Schemas['GetInventoryResponse'];
  };
  getKey: {
    params: Record<string, never>;
    query: Record<string, never>;
    body: undefined;
    response: Schemas['ApiKey'];
  };
  getLeaderboard: {
    params: {
      communityId: string;
    };
    query: {
      board?: 'holders' | 'earners-week';
      limit?: number;
      at?: string;
    };
    body: undefined;
    response: Schemas['GetLeaderboardResponse'];
  };
  getMarketStats: {
    params: {
      communityId: string;
    };
    query: {
      cursor?: string;
      limit?: number;
    };
    body: undefined;
    response: Schemas['GetMarketStatsResponse'];
  };
  getMember: {
    params: {
      communityId: string;
      memberId: string;
    };
    query: Record<string, never>;
    body: undefined;
    response: Schemas['Member'];
  };
  getMemberBalance: {
    params: {
      communityId: string;
      memberId: string;
    };
    query: Record<string, never>;
    body: undefined;
    response: Schemas['Balance'];
  };
  getPool: {
    params: {
      communityId: string;
      poolId: number;
    };
    query: Record<string, never>;
    body: undefined;
    response: Schemas['GetPoolResponse'];
  };
  getProposal: {
    params: {
      communityId: string;
      proposalId: number;
    };
    query: Record<string, never>;
    body: undefined;
    response: Schemas['Proposal'];
  };
  getPublicArtifacts: {
    params: {
      communityId: string;
    };
    query: Record<string, never>;
    body: undefined;
    response: Schemas['PublicArtifacts'];
  };
  getPublicEconomy: {
    params: {
      communityId: string;
    };
    query: Record<string, never>;
    body: undefined;
    response: Schemas['PublicEconomy'];
  };
  getPublicGovernance: {
    params: {
      communityId: string;
    };
    query: Record<string, never>;
    body: undefined;
    response: Schemas['PublicGovernance'];
  };
  getPublicLeaderboard: {
    params: {
      communityId: string;
    };
    query: Record<string, never>;
    body: undefined;
    response: Schemas['PublicLeaderboard'];
  };
  getPublicOverview: {
    params: {
      communityId: string;
    };
    query: Record<string, never>;
    body: undefined;
    response: Schemas['PublicOverview'];
  };
  getPublicTransactions: {
    params: {
      communityId: string;
    };
    query: {
      limit?: number;
    };
    body: undefined;
    response: Schemas['PublicTransactions'];
  };
  getPublicVerify: {
    params: {
      communityId: string;
    };
    query: Record<string, never>;
    body: undefined;
    response: Schemas['PublicVerify'];
  };
  getPublicVolume: {
    params: {
      communityId: string;
    };
    query: Record<string, never>;
    body: undefined;
    response: Schemas['PublicVolume'];
  };
  getSeries: {
    params: {
      communityId: string;
    };
    query: {
      metric: 'volume' | 'transfers' | 'supply' | 'active';
      bucket?: 'hour' | 'day';
      from?: string;
      to?: string;
      limit?: number;
    };
    body: undefined;
    response: Schemas['GetSeriesResponse'];
  };
  getStats: {
    params: {
      communityId: string;
    };
    query: {
      at?: string;
    };
    body: undefined;
    response: Schemas['GetStatsResponse'];
  };
  getSupply: {
    params: {
      communityId: string;
    };
    query: Record<string, never>;
    body: undefined;
    response: Schemas['GetSupplyResponse'];
  };
  getTrade: {
    params: {
      communityId: string;
      tradeId: number;
    };
    query: Record<string, never>;
    body: undefined;
    response: Schemas['Trade'];
  };
  getTransfer: {
    params: {
      communityId: string;
      transferId: string;
    };
    query: Record<string, never>;
    body: undefined;
    response: Schemas['Transfer'];
  };
  giftEdition: {
    params: {
      communityId: string;
      editionId: number;
    };
    query: Record<string, never>;
    body: Schemas['GiftEditionRequest'];
    response: Schemas['Edition'];
  };
  grantArtifact: {
    params: {
      communityId: string;
      typeId: number;
    };
    query: Record<string, never>;
    body: Schemas['GrantArtifactRequest'];
    response: Schemas['Edition'];
  };
  listArtifactTypes: {
    params: {
      communityId: string;
    };
    query: {
      cursor?: string;
      limit?: number;
    };
    body: undefined;
    response: Schemas['ListArtifactTypesResponse'];
  };
  listGovernanceHistory: {
    params: {
      communityId: string;
    };
    query: {
      parameter?:
        | 'ledger.taxBps'
        | 'ledger.transferMin'
        | 'ledger.transferMax'
        | 'ledger.dailySendMax'
        | 'ledger.dailyReceiveMax'
        | 'emission.fixedAmount'
        | 'emission.rateBps'
        | 'emission.supplyCap'
        | 'distribution.basicIncomeShareBps'
        | 'distribution.earnedShareBps'
        | 'distribution.interestShareBps'
        | 'treasury.grant'
        | 'rewards.messageReward'
        | 'rewards.messageCooldownMs'
        | 'rewards.dailyMessageRewardsMax'
        | 'rewards.dailyBonus'
        | 'rewards.dailyStreakBonus';
      cursor?: string;
      limit?: number;
    };
    body: undefined;
    response: Schemas['ListGovernanceHistoryResponse'];
  };
  listMembers: {
    params: {
      communityId: string;
    };
    query: {
      role?: 'member' | 'admin' | 'owner';
      status?: 'active' | 'left';
      cursor?: string;
      limit?: number;
    };
    body: undefined;
    response: Schemas['ListMembersResponse'];
  };
  listPools: {
    params: {
      communityId: string;
    };
    query: {
      status?: 'open' | 'settling' | 'settled' | 'releasing' | 'released';
      cursor?: string;
      limit?: number;
    };
    body: undefined;
    response: Schemas['WalletListPoolsResponse'];
  };
  listProposals: {
    params: {
      communityId: string;
    };
    query: {
      status?:
        | 'voting'
        | 'passed'
        | 'applying'
        | 'applied'
        | 'rejected'
        | 'vetoed'
        | 'cancelled'
        | 'failed'
        | 'expired';
      cursor?: string;
      limit?: number;
    };
    body: undefined;
    response: Schemas['WalletListProposalsResponse'];
  };
  listTrades: {
    params: {
      communityId: string;
    };
    query: {
      cursor?: string;
      limit?: number;
      memberId: string;
      status?: 'open' | 'accepted' | 'declined' | 'cancelled' | 'expired';
    };
    body: undefined;
    response: Schemas['ListTradesResponse'];
  };
  listTransfers: {
    params: {
      communityId: string;
    };
    query: {
      memberId?: string;
      accountId?: string;
      code?:
        | 'payment'
        | 'reward'
        | 'bonus'
        | 'mint'
        | 'burn'
        | 'fee'
        | 'tax'
        | 'fine'
        | 'purchase'
        | 'sale'
        | 'royalty'
        | 'refund'
        | 'trade'
        | 'adjustment'
        | 'reversal'
        | 'pledge';
      fromTime?: string;
      toTime?: string;
      cursor?: string;
      limit?: number;
    };
    body: undefined;
    response: Schemas['ListTransfersResponse'];
  };
  listWebhookDeliveries: {
    params: {
      communityId: string;
      webhookId: string;
    };
    query: {
      status?: 'pending' | 'delivered' | 'failed';
      cursor?: string;
      limit?: number;
    };
    body: undefined;
    response: Schemas['ListWebhookDeliveriesResponse'];
  };
  listWebhooks: {
    params: {
      communityId: string;
    };
    query: Record<string, never>;
    body: undefined;
    response: Schemas['ListWebhooksResponse'];
  };
  offerTrade: {
    params: {
      communityId: string;
    };
    query: Record<string, never>;
    body: Schemas['OfferTradeRequest'];
    response: Schemas['Trade'];
  };
  openPool: {
    params: {
      communityId: string;
    };
    query: Record<string, never>;
    body: Schemas['OpenPoolRequest'];
    response: Schemas['Pool'];
  };
  payReward: {
    params: {
      communityId: string;
    };
    query: Record<string, never>;
    body: Schemas['PayRewardRequest'];
    response: Schemas['TransferResult'];
  };
  pledgeToPool: {
    params: {
      communityId: string;
      poolId: number;
    };
    query: Record<string, never>;
    body: Schemas['PledgeToPoolRequest'];
    response: Schemas['WalletPledgeResponse'];
  };
  readAuditLog: {
    params: {
      communityId: string;
    };
    query: {
      since?: string;
      cursor?: string;
      limit?: number;
    };
    body: undefined;
    response: Schemas['ReadAuditLogResponse'];
  };
  redeemLinkCode: {
    params: {
      communityId: string;
    };
    query: Record<string, never>;
    body: Schemas['RedeemLinkCodeRequest'];
    response: Schemas['Member'];
  };
  refreshSession: {
    params: Record<string, never>;
    query: Record<string, never>;
    body: Schemas['RefreshSessionRequest'];
    response: Schemas['AppSession'];
  };
  registerMember: {
    params: {
      communityId: string;
    };
    query: Record<string, never>;
    body: Schemas['RegisterMemberRequest'];
    response: Schemas['Member'];
  };
  restockShopItem: {
    params: {
      communityId: string;
      shopItemId: number;
    };
    query: Record<string, never>;
    body: Schemas['RestockShopItemRequest'];
    response: Schemas['ShopItem'];
  };
  setDashboardVisibility: {
    params: {
      communityId: string;
    };
    query: Record<string, never>;
    body: Schemas['SetDashboardVisibilityRequest'];
    response: Schemas['GetDashboardVisibilityResponse'];
  };
  setGovernanceSettings: {
    params: {
      communityId: string;
    };
    query: Record<string, never>;
    body: Schemas['SetGovernanceSettingsRequest'];
    response: Schemas['GovernanceSettings'];
  };
  signInLoginWidget: {
    params: Record<string, never>;
    query: Record<string, never>;
    body: Schemas['SignInLoginWidgetRequest'];
    response: Schemas['AppSession'];
  };
  signInWebApp: {
    params: Record<string, never>;
    query: Record<string, never>;
    body: Schemas['SignInWebAppRequest'];
    response: Schemas['AppSession'];
  };
  verifyJournal: {
    params: {
      communityId: string;
    };
    query: Record<string, never>;
    body: undefined;
    response: Schemas['VerifyJournalResponse'];
  };
  vetoProposal: {
    params: {
      communityId: string;
      proposalId: number;
    };
    query: Record<string, never>;
    body: Schemas['VetoProposalRequest'];
    response: Schemas['Proposal'];
  };
  voteOnProposal: {
    params: {
      communityId: string;
      proposalId: number;
    };
    query: Record<string, never>;
    body: Schemas['VoteOnProposalRequest'];
    response: Schemas['WalletVoteResponse'];
  };
  walletAcceptTrade: {
    params: {
      communityId: string;
      tradeId: number;
    };
    query: Record<string, never>;
    body: undefined;
    response: Schemas['BuyFromShopResponse'];
  };
  walletBrowseListings: {
    params: {
      communityId: string;
    };
    query: {
      cursor?: string;
      limit?: number;
      typeId?: number;
      status?: 'active' | 'sold' | 'cancelled';
    };
    body: undefined;
    response: Schemas['BrowseListingsResponse'];
  };
  walletBrowseShop: {
    params: {
      communityId: string;
    };
    query: {
      cursor?: string;
      limit?: number;
    };
    body: undefined;
    response: Schemas['BrowseShopResponse'];
  };
  walletBuyFromShop: {
    params: {
      communityId: string;
      shopItemId: number;
    };
    query: Record<string, never>;
    body: Schemas['WalletBuyFromShopRequest'];
    response: Schemas['BuyFromShopResponse'];
  };
  walletBuyListing: {
    params: {
      communityId: string;
      listingId: number;
    };
    query: Record<string, never>;
    body: Schemas['WalletBuyListingRequest'];
    response: Schemas['BuyFromShopResponse'];
  };
  walletCancelListing: {
    params: {
      communityId: string;
      listingId: number;
    };
    query: Record<string, never>;
    body: undefined;
    response: Schemas['Listing'];
  };
  walletCreateListing: {
    params: {
      communityId: string;
    };
    query: Record<string, never>;
    body: Schemas['WalletCreateListingRequest'];
    response: Schemas['Listing'];
  };
  walletDeclineTrade: {
    params: {
      communityId: string;
      tradeId: number;
    };
    query: Record<string, never>;
    body: undefined;
    response: Schemas['Trade'];
  };
  walletGetBalance: {
    params: {
      communityId: string;
    };
    query: Record<string, never>;
    body: undefined;
    response: Schemas['Balance'];
  };
  walletGetCommunity: {
    params: {
      communityId: string;
    };
    query: Record<string, never>;
    body: undefined;
    response: Schemas['WalletGetCommunityResponse'];
  };
  walletGetInventory: {
    params: {
      communityId: string;
    };
    query: {
      cursor?: string;
      limit?: number;
    };
    body: undefined;
    response: Schemas['GetInventoryResponse'];
  };
  walletListPools: {
    params: {
      communityId: string;
    };
    query: {
      cursor?: string;
      limit?: number;
      status?: 'open' | 'settling' | 'settled' | 'releasing' | 'released';
    };
    body: undefined;
    response: Schemas['WalletListPoolsResponse'];
  };
  walletListProposals: {
    params: {
      communityId: string;
    };
    query: {
      cursor?: string;
      limit?: number;
      status?:
        | 'voting'
        | 'passed'
        | 'applying'
        | 'applied'
        | 'rejected'
        | 'vetoed'
        | 'cancelled'
        | 'failed'
        | 'expired';
    };
    body: undefined;
    response: Schemas['WalletListProposalsResponse'];
  };
  walletListTrades: {
    params: {
      communityId: string;
    };
    query: {
      cursor?: string;
      limit?: number;
      status?: 'open' | 'accepted' | 'declined' | 'cancelled' | 'expired';
    };
    body: undefined;
    response: Schemas['ListTradesResponse'];
  };
  walletListTransfers: {
    params: {
      communityId: string;
    };
    query: {
      code?:
        | 'payment'
        | 'reward'
        | 'bonus'
        | 'mint'
        | 'burn'
        | 'fee'
        | 'tax'
        | 'fine'
        | 'purchase'
        | 'sale'
        | 'royalty'
        | 'refund'
        | 'trade'
        | 'adjustment'
        | 'reversal'
        | 'pledge';
      fromTime?: string;
      toTime?: string;
      cursor?: string;
      limit?: number;
    };
    body: undefined;
    response: Schemas['ListTransfersResponse'];
  };
  walletPay: {
    params: {
      communityId: string;
    };
    query: Record<string, never>;
    body: Schemas['WalletPayRequest'];
    response: Schemas['TransferResult'];
  };
  walletPledge: {
    params: {
      communityId: string;
      poolId: number;
    };
    query: Record<string, never>;
    body: Schemas['WalletPledgeRequest'];
    response: Schemas['WalletPledgeResponse'];
  };
  walletVote: {
    params: {
      communityId: string;
      proposalId: number;
    };
    query: Record<string, never>;
    body: Schemas['WalletVoteRequest'];
    response: Schemas['WalletVoteResponse'];
  };
}

export const OPERATIONS = {
  acceptTrade: {
    method: 'POST',
    path: '/v1/communities/{communityId}/artifacts/trades/{tradeId}/accept',
    idempotent: true,
    status: 201,
  },
  addShopItem: {
    method: 'POST',
    path: '/v1/communities/{communityId}/artifacts/shop',
    idempotent: true,
    status: 201,
  },
  browseListings: {
    method: 'GET',
    path: '/v1/communities/{communityId}/artifacts/listings',
    idempotent: false,
    status: 200,
  },
  browseShop: {
    method: 'GET',
    path: '/v1/communities/{communityId}/artifacts/shop',
    idempotent: false,
    status: 200,
  },
  burnEdition: {
    method: 'POST',
    path: '/v1/communities/{communityId}/artifacts/editions/{editionId}/burn',
    idempotent: true,
    status: 201,
  },
  buyFromShop: {
    method: 'POST',
    path: '/v1/communities/{communityId}/artifacts/shop/{shopItemId}/buy',
    idempotent: true,
    status: 201,
  },
  buyListing: {
    method: 'POST',
    path: '/v1/communities/{communityId}/artifacts/listings/{listingId}/buy',
    idempotent: true,
    status: 201,
  },
  cancelListing: {
    method: 'DELETE',
    path: '/v1/communities/{communityId}/artifacts/listings/{listingId}',
    idempotent: false,
    status: 200,
  },
  cancelPool: {
    method: 'POST',
    path: '/v1/communities/{communityId}/governance/pools/{poolId}/cancel',
    idempotent: false,
    status: 200,
  },
  cancelProposal: {
    method: 'POST',
    path: '/v1/communities/{communityId}/governance/proposals/{proposalId}/cancel',
    idempotent: false,
    status: 200,
  },
  closeShopItem: {
    method: 'POST',
    path: '/v1/communities/{communityId}/artifacts/shop/{shopItemId}/close',
    idempotent: false,
    status: 200,
  },
  createArtifactType: {
    method: 'POST',
    path: '/v1/communities/{communityId}/artifacts/types',
    idempotent: true,
    status: 201,
  },
  createListing: {
    method: 'POST',
    path: '/v1/communities/{communityId}/artifacts/listings',
    idempotent: true,
    status: 201,
  },
  createMemberArtifactType: {
    method: 'POST',
    path: '/v1/communities/{communityId}/members/{memberId}/artifact-types',
    idempotent: true,
    status: 201,
  },
  createProposal: {
    method: 'POST',
    path: '/v1/communities/{communityId}/governance/proposals',
    idempotent: true,
    status: 201,
  },
  createTransfer: {
    method: 'POST',
    path: '/v1/communities/{communityId}/transfers',
    idempotent: true,
    status: 201,
  },
  createWebhook: {
    method: 'POST',
    path: '/v1/communities/{communityId}/webhooks',
    idempotent: false,
    status: 201,
  },
  declineTrade: {
    method: 'POST',
    path: '/v1/communities/{communityId}/artifacts/trades/{tradeId}/decline',
    idempotent: false,
    status: 200,
  },
  deleteWebhook: {
    method: 'DELETE',
    path: '/v1/communities/{communityId}/webhooks/{webhookId}',
    idempotent: false,
    status: 200,
  },
  enableWebhook: {
    method: 'POST',
    path: '/v1/communities/{communityId}/webhooks/{webhookId}/enable',
    idempotent: false,
    status: 200,
  },
  findMemberByIdentity: {
    method: 'GET',
    path: '/v1/communities/{communityId}/members/by-identity/{provider}/{externalId}',
    idempotent: false,
    status: 200,
  },
  getAccount: {
    method: 'GET',
    path: '/v1/communities/{communityId}/accounts/{accountId}',
    idempotent: false,
    status: 200,
  },
  getArtifactType: {
    method: 'GET',
    path: '/v1/communities/{communityId}/artifacts/types/{typeId}',
    idempotent: false,
    status: 200,
  },
  getCommunity: { method: 'GET', path: '/v1/communities/{communityId}', idempotent: false, status: 200 },
  getDashboardVisibility: {
    method: 'GET',
    path: '/v1/communities/{communityId}/dashboard',
    idempotent: false,
    status: 200,
  },
  getEdition: {
    method: 'GET',
    path: '/v1/communities/{communityId}/artifacts/editions/{editionId}',
    idempotent: false,
    status: 200,
  },
  getGovernanceSettings: {
    method: 'GET',
    path: '/v1/communities/{communityId}/governance/settings',
    idempotent: false,
    status: 200,
  },
  getInventory: {
    method: 'GET',
    path: '/v1/communities/{communityId}/members/{memberId}/inventory',
    idempotent: false,
    status: 200,
  },
  getKey: { method: 'GET', path: '/v1/key', idempotent: false, status: 200 },
  getLeaderboard: {
    method: 'GET',
    path: '/v1/communities/{communityId}/leaderboard',
    idempotent: false,
    status: 200,
  },
  getMarketStats: {
    method: 'GET',
    path: '/v1/communities/{communityId}/stats/market',
    idempotent: false,
    status: 200,
  },
  getMember: {
    method: 'GET',
    path: '/v1/communities/{communityId}/members/{memberId}',
    idempotent: false,
    status: 200,
  },
  getMemberBalance: {
    method: 'GET',
    path: '/v1/communities/{communityId}/members/{memberId}/balance',
    idempotent: false,
    status: 200,
  },
  getPool: {
    method: 'GET',
    path: '/v1/communities/{communityId}/governance/pools/{poolId}',
    idempotent: false,
    status: 200,
  },
  getProposal: {
    method: 'GET',
    path: '/v1/communities/{communityId}/governance/proposals/{proposalId}',
    idempotent: false,
    status: 200,
  },
  getPublicArtifacts: {
    method: 'GET',
    path: '/public/communities/{communityId}/artifacts',
    idempotent: false,
    status: 200,
  },
  getPublicEconomy: {
    method: 'GET',
    path: '/public/communities/{communityId}/economy',
    idempotent: false,
    status: 200,
  },
  getPublicGovernance: {
    method: 'GET',
    path: '/public/communities/{communityId}/governance',
    idempotent: false,
    status: 200,
  },
  getPublicLeaderboard: {
    method: 'GET',
    path: '/public/communities/{communityId}/leaderboard',
    idempotent: false,
    status: 200,
  },
  getPublicOverview: {
    method: 'GET',
    path: '/public/communities/{communityId}/overview',
    idempotent: false,
    status: 200,
  },
  getPublicTransactions: {
    method: 'GET',
    path: '/public/communities/{communityId}/transactions',
    idempotent: false,
    status: 200,
  },
  getPublicVerify: {
    method: 'GET',
    path: '/public/communities/{communityId}/verify',
    idempotent: false,
    status: 200,
  },
  getPublicVolume: {
    method: 'GET',
    path: '/public/communities/{communityId}/volume',
    idempotent: false,
    status: 200,
  },
  getSeries: {
    method: 'GET',
    path: '/v1/communities/{communityId}/stats/series',
    idempotent: false,
    status: 200,
  },
  getStats: { method: 'GET', path: '/v1/communities/{communityId}/stats', idempotent: false, status: 200 },
  getSupply: { method: 'GET', path: '/v1/communities/{communityId}/supply', idempotent: false, status: 200 },
  getTrade: {
    method: 'GET',
    path: '/v1/communities/{communityId}/artifacts/trades/{tradeId}',
    idempotent: false,
    status: 200,
  },
  getTransfer: {
    method: 'GET',
    path: '/v1/communities/{communityId}/transfers/{transferId}',
    idempotent: false,
    status: 200,
  },
  giftEdition: {
    method: 'POST',
    path: '/v1/communities/{communityId}/artifacts/editions/{editionId}/gift',
    idempotent: true,
    status: 201,
  },
  grantArtifact: {
    method: 'POST',
    path: '/v1/communities/{communityId}/artifacts/types/{typeId}/grant',
    idempotent: true,
    status: 201,
  },
  listArtifactTypes: {
    method: 'GET',
    path: '/v1/communities/{communityId}/artifacts/types',
    idempotent: false,
    status: 200,
  },
  listGovernanceHistory: {
    method: 'GET',
    path: '/v1/communities/{communityId}/governance/history',
    idempotent: false,
    status: 200,
  },
  listMembers: {
    method: 'GET',
    path: '/v1/communities/{communityId}/members',
    idempotent: false,
    status: 200,
  },
  listPools: {
    method: 'GET',
    path: '/v1/communities/{communityId}/governance/pools',
    idempotent: false,
    status: 200,
  },
  listProposals: {
    method: 'GET',
    path: '/v1/communities/{communityId}/governance/proposals',
    idempotent: false,
    status: 200,
  },
  listTrades: {
    method: 'GET',
    path: '/v1/communities/{communityId}/artifacts/trades',
    idempotent: false,
    status: 200,
  },
  listTransfers: {
    method: 'GET',
    path: '/v1/communities/{communityId}/transfers',
    idempotent: false,
    status: 200,
  },
  listWebhookDeliveries: {
    method: 'GET',
    path: '/v1/communities/{communityId}/webhooks/{webhookId}/deliveries',
    idempotent: false,
    status: 200,
  },
  listWebhooks: {
    method: 'GET',
    path: '/v1/communities/{communityId}/webhooks',
    idempotent: false,
    status: 200,
  },
  offerTrade: {
    method: 'POST',
    path: '/v1/communities/{communityId}/artifacts/trades',
    idempotent: true,
    status: 201,
  },
  openPool: {
    method: 'POST',
    path: '/v1/communities/{communityId}/governance/pools',
    idempotent: true,
    status: 201,
  },
  payReward: { method: 'POST', path: '/v1/communities/{communityId}/rewards', idempotent: true, status: 201 },
  pledgeToPool: {
    method: 'POST',
    path: '/v1/communities/{communityId}/governance/pools/{poolId}/pledges',
    idempotent: true,
    status: 201,
  },
  readAuditLog: {
    method: 'GET',
    path: '/v1/communities/{communityId}/audit',
    idempotent: false,
    status: 200,
  },
  redeemLinkCode: {
    method: 'POST',
    path: '/v1/communities/{communityId}/members/identities/redeem',
    idempotent: false,
    status: 201,
  },
  refreshSession: { method: 'POST', path: '/v1/app/sessions/refresh', idempotent: false, status: 201 },
  registerMember: {
    method: 'POST',
    path: '/v1/communities/{communityId}/members',
    idempotent: false,
    status: 201,
  },
  restockShopItem: {
    method: 'POST',
    path: '/v1/communities/{communityId}/artifacts/shop/{shopItemId}/restock',
    idempotent: true,
    status: 200,
  },
  setDashboardVisibility: {
    method: 'POST',
    path: '/v1/communities/{communityId}/dashboard',
    idempotent: false,
    status: 200,
  },
  setGovernanceSettings: {
    method: 'POST',
    path: '/v1/communities/{communityId}/governance/settings',
    idempotent: false,
    status: 200,
  },
  signInLoginWidget: {
    method: 'POST',
    path: '/v1/app/sessions/telegram-login',
    idempotent: false,
    status: 201,
  },
  signInWebApp: { method: 'POST', path: '/v1/app/sessions/telegram-webapp', idempotent: false, status: 201 },
  verifyJournal: {
    method: 'GET',
    path: '/v1/communities/{communityId}/verify',
    idempotent: false,
    status: 200,
  },
  vetoProposal: {
    method: 'POST',
    path: '/v1/communities/{communityId}/governance/proposals/{proposalId}/veto',
    idempotent: false,
    status: 200,
  },
  voteOnProposal: {
    method: 'POST',
    path: '/v1/communities/{communityId}/governance/proposals/{proposalId}/votes',
    idempotent: false,
    status: 201,
  },
  walletAcceptTrade: {
    method: 'POST',
    path: '/v1/app/communities/{communityId}/trades/{tradeId}/accept',
    idempotent: true,
    status: 201,
  },
  walletBrowseListings: {
    method: 'GET',
    path: '/v1/app/communities/{communityId}/listings',
    idempotent: false,
    status: 200,
  },
  walletBrowseShop: {
    method: 'GET',
    path: '/v1/app/communities/{communityId}/shop',
    idempotent: false,
    status: 200,
  },
  walletBuyFromShop: {
    method: 'POST',
    path: '/v1/app/communities/{communityId}/shop/{shopItemId}/buy',
    idempotent: true,
    status: 201,
  },
  walletBuyListing: {
    method: 'POST',
    path: '/v1/app/communities/{communityId}/listings/{listingId}/buy',
    idempotent: true,
    status: 201,
  },
  walletCancelListing: {
    method: 'DELETE',
    path: '/v1/app/communities/{communityId}/listings/{listingId}',
    idempotent: false,
    status: 200,
  },
  walletCreateListing: {
    method: 'POST',
    path: '/v1/app/communities/{communityId}/listings',
    idempotent: true,
    status: 201,
  },
  walletDeclineTrade: {
    method: 'POST',
    path: '/v1/app/communities/{communityId}/trades/{tradeId}/decline',
    idempotent: false,
    status: 200,
  },
  walletGetBalance: {
    method: 'GET',
    path: '/v1/app/communities/{communityId}/balance',
    idempotent: false,
    status: 200,
  },
  walletGetCommunity: {
    method: 'GET',
    path: '/v1/app/communities/{communityId}',
    idempotent: false,
    status: 200,
  },
  walletGetInventory: {
    method: 'GET',
    path: '/v1/app/communities/{communityId}/inventory',
    idempotent: false,
    status: 200,
  },
  walletListPools: {
    method: 'GET',
    path: '/v1/app/communities/{communityId}/pools',
    idempotent: false,
    status: 200,
  },
  walletListProposals: {
    method: 'GET',
    path: '/v1/app/communities/{communityId}/proposals',
    idempotent: false,
    status: 200,
  },
  walletListTrades: {
    method: 'GET',
    path: '/v1/app/communities/{communityId}/trades',
    idempotent: false,
    status: 200,
  },
  walletListTransfers: {
    method: 'GET',
    path: '/v1/app/communities/{communityId}/transfers',
    idempotent: false,
    status: 200,
  },
  walletPay: {
    method: 'POST',
    path: '/v1/app/communities/{communityId}/payments',
    idempotent: true,
    status: 201,
  },
  walletPledge: {
    method: 'POST',
    path: '/v1/app/communities/{communityId}/pools/{poolId}/pledges',
    idempotent: true,
    status: 201,
  },
  walletVote: {
    method: 'POST',
    path: '/v1/app/communities/{communityId}/proposals/{proposalId}/vote',
    idempotent: false,
    status: 200,
  },
} as const;
