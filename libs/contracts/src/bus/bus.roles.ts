import { AccountsCommands } from '../accounts/accounts.commands';
import { ApiKeyCommands } from '../accounts/api-keys.commands';
import { WebhookCommands } from '../accounts/webhooks.commands';
import { AnalyticsCommands } from '../analytics/analytics.commands';
import { ArtifactsCommands } from '../artifacts/artifacts.commands';
import type { CommandSpec } from '../command';
import { ALL_COMMANDS } from '../contracts.registry';
import { GovernanceCommands } from '../governance/governance.commands';
import { PoolCommands } from '../governance/pools.commands';
import { LedgerCommands } from '../ledger/ledger.commands';
import { LEDGER_JOURNAL_STREAM, LEDGER_JOURNAL_SUBJECTS } from '../ledger/ledger.journal';
import { partitionLeasesBucketOf } from './partitions';

/**
 * Who may do what on the NATS bus: the one table the NATS server's permissions, docs/security.md's table and
 * docs/asyncapi.yaml's roles are generated from. A service that starts using a subject missing here is
 * refused by the server, and the test harness fails the suite that saw the refusal.
 */

export const SERVICE_ROLES = [
  'ledger',
  'accounts',
  'artifacts',
  'governance',
  'analytics',
  'api-gateway',
  'telegram-gateway',
] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];

/** Outside clients: `tools` read events and queries; `operator` runs the admin scripts. */
export type ClientRole = 'tools' | 'operator';
export type BusRoleName = ServiceRole | ClientRole;

/** The durable consumers services keep on the event stream. */
export const LEDGER_ACCOUNTS_SYNC_DURABLE = 'ledger-accounts-sync';
export const ACCOUNTS_WEBHOOKS_DURABLE = 'accounts-webhooks';
/**
 * The most community partitions accounts may run (ACCOUNTS_PARTITIONS). Its writes are a member's first
 * message, each rewarded message and rare settings: 32 spread them over 32 replicas, and each partition's
 * webhook durable is granted once per possible partition, so the server's permissions stay small.
 */
export const ACCOUNTS_PARTITIONS_MAX = 32;
/** Governance follows accounts (its members, reward settings) and the ledger (its policy). */
export const GOVERNANCE_ACCOUNTS_DURABLE = 'governance-accounts';
export const GOVERNANCE_LEDGER_DURABLE = 'governance-ledger';
/** The most partitions governance may run (GOVERNANCE_PARTITIONS). */
export const GOVERNANCE_PARTITIONS_MAX = 16;

/** The api-gateway's audit stream, its rate-limit bucket and the bucket marking answered Idempotency-Keys. */
export const AUDIT_STREAM = 'AUDIT';
export const AUDIT_SUBJECTS = 'tk.audit.>';
export const RATE_LIMIT_BUCKET = 'tk_api_rate';
export const REPLAY_MARKS_BUCKET = 'tk_api_replays';
/**
 * The api-gateway's limits every replica counts in together: failed authentications and dashboard requests
 * per address (fixed windows), open event streams per API key and live feeds per address (connections held
 * by each replica under a lease).
 */
export const API_GATEWAY_LIMITS_BUCKET = 'tk_limits_api_gateway';
/**
 * The hashes of the Telegram sign-ins (Mini App initData, Login Widget) the api-gateway accepted: each is
 * accepted once, by whichever replica sees it first.
 */
export const APP_SIGN_INS_BUCKET = 'tk_api_sign_ins';

/** Leases of the analytics replicas' store slots (`slots.s0`, ...), in the service's own lease bucket. */
export const ANALYTICS_LEASES_BUCKET = partitionLeasesBucketOf('analytics');
/** The lease of the one telegram-gateway replica that long-polls Telegram (`poller`). */
export const TELEGRAM_GATEWAY_LEASES_BUCKET = partitionLeasesBucketOf('telegram-gateway');
/** The bot's replicas share it to tell each group how its proposals and pools ended (one replica posts each). */
export const TELEGRAM_GATEWAY_GOVERNANCE_DURABLE = 'telegram-gateway-governance';
/** The bot's send rates every replica counts in together (Telegram's limits are per bot, not per process). */
export const TELEGRAM_GATEWAY_LIMITS_BUCKET = 'tk_limits_telegram_gateway';

/** What one role does on the bus, in the product's terms; libs/messaging turns it into NATS permissions. */
export interface BusRole {
  readonly summary: string;
  /** Commands it answers: `tk.cmd.<service>.>`. */
  readonly serves: readonly CommandSpec[];
  /** Subjects it publishes events (or audit entries) on. */
  readonly publishes: readonly string[];
  /** Commands it sends to other services. */
  readonly requests: readonly CommandSpec[];
  /** Core NATS subscriptions besides its commands and its reply inbox. */
  readonly listens: readonly string[];
  /** Durable pull consumers it owns on the event stream, by name. */
  readonly durables: readonly string[];
  /** Whether it follows the event stream with ordered (ephemeral) consumers. */
  readonly orderedConsumers: boolean;
  /** Streams it owns beside the event stream (created and updated by it). */
  readonly ownStreams: readonly string[];
  /** Key-value buckets it owns. */
  readonly kvBuckets: readonly string[];
  /**
   * A writer partitioned by community: it serves and sends on its partitions' own subjects, keeps leases
   * in its own bucket, and each of its durables exists once per partition as well (bus/partitions.ts).
   */
  readonly partitioned: boolean;
  /**
   * How many partitions it may ever run (PARTITION_COUNT_MAX unless said): each durable is granted once per
   * possible partition, so a writer that always runs one partition keeps its permissions small.
   */
  readonly partitionCountMax?: number;
}

function servedBy(service: ServiceRole): CommandSpec[] {
  return ALL_COMMANDS.filter((spec) => spec.subject.startsWith(`tk.cmd.${service}.`));
}

function eventsOf(service: ServiceRole): string {
  return `tk.evt.${service}.>`;
}

const NOTHING = {
  serves: [],
  publishes: [],
  requests: [],
  listens: [],
  durables: [],
  orderedConsumers: false,
  ownStreams: [],
  kvBuckets: [],
  partitioned: false,
} as const;

/** Commands that change nothing: the ones a read-only tool may send. */
export const READ_COMMANDS: readonly CommandSpec[] = [
  LedgerCommands.accountGet,
  LedgerCommands.accountList,
  LedgerCommands.balanceGet,
  LedgerCommands.supplyGet,
  LedgerCommands.transferGet,
  LedgerCommands.transferHistory,
  LedgerCommands.policyGet,
  LedgerCommands.journalVerify,
  AccountsCommands.communityGet,
  AccountsCommands.membershipGet,
  AccountsCommands.membershipList,
  AccountsCommands.settingsGet,
  ArtifactsCommands.typeGet,
  ArtifactsCommands.typeList,
  ArtifactsCommands.editionGet,
  ArtifactsCommands.inventoryGet,
  ArtifactsCommands.shopBrowse,
  ArtifactsCommands.listingBrowse,
  ArtifactsCommands.tradeGet,
  ArtifactsCommands.tradeList,
  ArtifactsCommands.provenanceList,
  ArtifactsCommands.provenanceVerify,
  ArtifactsCommands.settingsGet,
  AnalyticsCommands.overviewGet,
  AnalyticsCommands.leaderboardGet,
  AnalyticsCommands.seriesGet,
  AnalyticsCommands.flowsGet,
  AnalyticsCommands.balancesList,
  AnalyticsCommands.marketGet,
  AnalyticsCommands.statusGet,
  GovernanceCommands.proposalGet,
  GovernanceCommands.proposalList,
  GovernanceCommands.settingsGet,
  GovernanceCommands.historyList,
];

export const BUS_ROLES: Readonly<Record<ServiceRole, BusRole>> = {
  ledger: {
    ...NOTHING,
    summary:
      "answers ledger commands; opens accounts and mints rewards from accounts events, and members' accounts on first use",
    serves: servedBy('ledger'),
    publishes: [eventsOf('ledger'), LEDGER_JOURNAL_SUBJECTS],
    durables: [LEDGER_ACCOUNTS_SYNC_DURABLE],
    // Each partition's replicated journal (ledger.journal.ts): appended, read back to rebuild a partition.
    ownStreams: [LEDGER_JOURNAL_STREAM],
    partitioned: true,
  },
  accounts: {
    ...NOTHING,
    summary:
      'answers accounts commands (each community partition and the global one written by one replica at a time, the others pass commands to it); delivers webhooks from the event stream',
    partitioned: true,
    serves: servedBy('accounts'),
    publishes: [eventsOf('accounts')],
    // Its partitions ask each other through the public subjects: a community partition asks the global one
    // for the user of a membership, the global one asks a community partition about its communities.
    requests: [
      AccountsCommands.userUpsert,
      AccountsCommands.userGet,
      AccountsCommands.userFind,
      AccountsCommands.communityGet,
      AccountsCommands.membershipGet,
    ],
    durables: [ACCOUNTS_WEBHOOKS_DURABLE],
    partitionCountMax: ACCOUNTS_PARTITIONS_MAX,
  },
  artifacts: {
    ...NOTHING,
    summary: 'answers artifacts commands; pays purchases through ledger holds',
    partitioned: true,
    serves: servedBy('artifacts'),
    publishes: [eventsOf('artifacts')],
    requests: [
      LedgerCommands.accountOpen,
      LedgerCommands.transferCreate,
      LedgerCommands.transferLinked,
      LedgerCommands.transferPost,
      LedgerCommands.transferVoid,
    ],
  },
  governance: {
    ...NOTHING,
    summary:
      "answers governance commands; applies passed proposals through the owning service's command; holds, settles and releases cooperation pools' pledges in the ledger; keeps members and parameter history from accounts and ledger events",
    partitioned: true,
    // A community's governance is a few proposals a month: 16 partitions are plenty, and each of its two
    // durables is granted once per possible partition, so the server's permissions stay small.
    partitionCountMax: GOVERNANCE_PARTITIONS_MAX,
    serves: servedBy('governance'),
    publishes: [eventsOf('governance')],
    // balance.get reads the treasury before a grant is proposed or begun; treasury.grant pays a passed one.
    requests: [
      LedgerCommands.policyGet,
      LedgerCommands.policySet,
      LedgerCommands.balanceGet,
      LedgerCommands.treasuryGrant,
      // A pool's pledges are holds into its escrow, settled all at once or voided.
      LedgerCommands.accountOpen,
      LedgerCommands.transferCreate,
      LedgerCommands.transferGet,
      LedgerCommands.transferSettle,
      LedgerCommands.transferVoid,
      AccountsCommands.settingsGet,
      AccountsCommands.settingsSet,
    ],
    durables: [GOVERNANCE_ACCOUNTS_DURABLE, GOVERNANCE_LEDGER_DURABLE],
  },
  analytics: {
    ...NOTHING,
    summary: 'answers analytics queries from read models it builds by following the event stream',
    serves: servedBy('analytics'),
    orderedConsumers: true,
    kvBuckets: [ANALYTICS_LEASES_BUCKET],
  },
  'api-gateway': {
    ...NOTHING,
    summary: 'the HTTP API, WebSocket and public dashboard; records an audit trail',
    publishes: [AUDIT_SUBJECTS],
    requests: [
      LedgerCommands.accountGet,
      LedgerCommands.accountList,
      LedgerCommands.balanceGet,
      LedgerCommands.emissionStatus,
      LedgerCommands.journalVerify,
      LedgerCommands.policyGet,
      LedgerCommands.supplyGet,
      LedgerCommands.supplyMint,
      LedgerCommands.transferCreate,
      LedgerCommands.transferGet,
      LedgerCommands.transferHistory,
      AccountsCommands.communityGet,
      AccountsCommands.linkCodeRedeem,
      AccountsCommands.membershipEnsure,
      AccountsCommands.membershipGet,
      AccountsCommands.membershipList,
      AccountsCommands.settingsGet,
      AccountsCommands.settingsSet,
      AccountsCommands.userFind,
      AccountsCommands.userGet,
      // The wallet: a signed-in member pays by @username, and picks among their communities.
      AccountsCommands.userLookup,
      AccountsCommands.userMemberships,
      ApiKeyCommands.apiKeyVerify,
      ...Object.values(WebhookCommands),
      ...Object.values(ArtifactsCommands).filter((spec) => spec !== ArtifactsCommands.provenanceList),
      AnalyticsCommands.flowsGet,
      AnalyticsCommands.leaderboardGet,
      AnalyticsCommands.marketGet,
      AnalyticsCommands.overviewGet,
      AnalyticsCommands.seriesGet,
      // The governance and pool routes; the dashboard's economy panel reads proposals and the history too.
      GovernanceCommands.historyList,
      GovernanceCommands.proposalCancel,
      GovernanceCommands.proposalCreate,
      GovernanceCommands.proposalGet,
      GovernanceCommands.proposalList,
      GovernanceCommands.proposalVeto,
      GovernanceCommands.proposalVote,
      GovernanceCommands.settingsGet,
      GovernanceCommands.settingsSet,
      PoolCommands.poolCancel,
      PoolCommands.poolGet,
      PoolCommands.poolList,
      PoolCommands.poolOpen,
      PoolCommands.poolPledge,
    ],
    listens: ['tk.evt.>'],
    // The event stream's live feed and the replay of what a reconnecting client missed.
    orderedConsumers: true,
    ownStreams: [AUDIT_STREAM],
    kvBuckets: [RATE_LIMIT_BUCKET, REPLAY_MARKS_BUCKET, API_GATEWAY_LIMITS_BUCKET, APP_SIGN_INS_BUCKET],
  },
  'telegram-gateway': {
    ...NOTHING,
    summary:
      'the Telegram bot: turns chat commands into commands of the other services; tells groups how their proposals and pools ended',
    requests: [
      LedgerCommands.accountFreeze,
      LedgerCommands.accountGet,
      LedgerCommands.accountList,
      LedgerCommands.accountUnfreeze,
      LedgerCommands.balanceGet,
      LedgerCommands.emissionStatus,
      LedgerCommands.policyGet,
      LedgerCommands.policySet,
      LedgerCommands.supplyBurn,
      LedgerCommands.supplyGet,
      LedgerCommands.supplyMint,
      LedgerCommands.transferCreate,
      LedgerCommands.transferGet,
      LedgerCommands.transferHistory,
      LedgerCommands.transferReverse,
      AccountsCommands.activityDaily,
      AccountsCommands.activityRecord,
      AccountsCommands.communityUpsert,
      AccountsCommands.linkCodeCreate,
      AccountsCommands.membershipEnsure,
      AccountsCommands.membershipLeave,
      AccountsCommands.settingsGet,
      AccountsCommands.settingsSet,
      AccountsCommands.userFind,
      AccountsCommands.userGet,
      AccountsCommands.userLookup,
      AccountsCommands.userUpsert,
      ApiKeyCommands.apiKeyCreate,
      ApiKeyCommands.apiKeyList,
      ApiKeyCommands.apiKeyRevoke,
      AnalyticsCommands.leaderboardGet,
      AnalyticsCommands.overviewGet,
      ArtifactsCommands.editionGet,
      ArtifactsCommands.editionGift,
      ArtifactsCommands.inventoryGet,
      ArtifactsCommands.listingBrowse,
      ArtifactsCommands.listingBuy,
      ArtifactsCommands.listingCancel,
      ArtifactsCommands.listingCreate,
      ArtifactsCommands.settingsGet,
      ArtifactsCommands.settingsSet,
      ArtifactsCommands.shopAdd,
      ArtifactsCommands.shopBrowse,
      ArtifactsCommands.shopBuy,
      ArtifactsCommands.shopRestock,
      ArtifactsCommands.tradeAccept,
      ArtifactsCommands.tradeDecline,
      ArtifactsCommands.tradeGet,
      ArtifactsCommands.tradeList,
      ArtifactsCommands.tradeOffer,
      ArtifactsCommands.typeCreate,
      ArtifactsCommands.typeGet,
      GovernanceCommands.proposalCreate,
      GovernanceCommands.proposalGet,
      GovernanceCommands.proposalList,
      GovernanceCommands.proposalVote,
      GovernanceCommands.proposalVeto,
      GovernanceCommands.settingsGet,
      GovernanceCommands.settingsSet,
      PoolCommands.poolGet,
      PoolCommands.poolList,
      PoolCommands.poolOpen,
      PoolCommands.poolPledge,
    ],
    durables: [TELEGRAM_GATEWAY_GOVERNANCE_DURABLE],
    kvBuckets: [TELEGRAM_GATEWAY_LEASES_BUCKET, TELEGRAM_GATEWAY_LIMITS_BUCKET],
  },
};

/** The tool named `name`: its NATS user, reply inbox and durable consumer share this id. */
export function toolUserName(name: string): string {
  return `tools-${name}`;
}

export const TOOL_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** The CloudEvent `source` of a service's events; consumers accept an event only from its owner. */
export function eventSourceOf(service: ServiceRole): string {
  return `ticketonomics/${service}`;
}

/**
 * The service that owns an event subject (`tk.evt.<service>.…`), or undefined when the subject is not an
 * event subject of a known service.
 */
export function eventOwnerOf(subject: string): ServiceRole | undefined {
  const match = /^tk\.evt\.([a-z-]+)\./.exec(subject);
  const owner = match?.[1];
  return SERVICE_ROLES.find((role) => role === owner);
}

/**
 * Why an event must not be trusted, or undefined when it is its owner's: it arrived on its own type's
 * subject, and its source is the service that owns that subject.
 */
export function foreignEventReason(
  subject: string,
  event: { type: string; source: string },
): string | undefined {
  if (event.type !== subject) return `type ${event.type} arrived on subject ${subject}`;
  const owner = eventOwnerOf(subject);
  if (owner === undefined) return `no service owns subject ${subject}`;
  if (event.source !== eventSourceOf(owner)) {
    return `source ${event.source} is not ${eventSourceOf(owner)}, the owner of ${subject}`;
  }
  return undefined;
}

/** Who may send a command: the services that use it, read-only tools for a read command, and the operator. */
export function rolesSending(subject: string): BusRoleName[] {
  const services = SERVICE_ROLES.filter((role) =>
    BUS_ROLES[role].requests.some((spec) => spec.subject === subject),
  );
  const tools = READ_COMMANDS.some((spec) => spec.subject === subject) ? (['tools'] as const) : [];
  return [...services, ...tools, 'operator'];
}

/** The service that answers a command. */
export function roleAnswering(subject: string): ServiceRole | undefined {
  return SERVICE_ROLES.find((role) => BUS_ROLES[role].serves.some((spec) => spec.subject === subject));
}
