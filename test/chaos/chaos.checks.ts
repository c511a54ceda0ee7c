/**
 * What must hold after the chaos, once everything is healthy and settled. Each check says what it looked
 * at; any violation fails the run.
 */
import {
  AnalyticsCommands,
  ArtifactsCommands,
  ledgerAccountId,
  LedgerCommands,
  type Account,
  type AnalyticsBalance,
  type ProvenanceEntry,
  type Transfer,
} from '@ticketonomics/contracts';
import type { CommandClient } from '@ticketonomics/messaging';
import { readStream, streamState, waitFor, type StoredEvent } from '@ticketonomics/testing';
import type { OwnerVersions } from './chaos.governance';
import { checkPools, checkProposals, governanceSettled } from './chaos.governance-checks';
import { analyticsCaughtUp, purchasesSettled } from './chaos.health';
import type { ChaosRecord } from './chaos.record';
import type { ChaosTopology } from './chaos.topology';

export interface CheckResult {
  name: string;
  ok: boolean;
  /** What was looked at (counts), and the first violations when not ok. */
  detail: string;
}

const PAGE = 200;
const SHOWN_MAX = 5;
const EVENTS_TIMEOUT_MS = 120_000;
const TRANSFER_EVENTS = /^tk\.evt\.ledger\.transfer\./;
/** Asks per analytics replica: the queue group picks one at random each time (see checkAnalytics). */
const ANALYTICS_ASKS_PER_REPLICA = 4;

type Page<T> = { items: T[]; nextCursor: string | null };

async function allPages<T>(page: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const next = await page(cursor);
    items.push(...next.items);
    cursor = next.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return items;
}

function result(name: string, problems: string[], looked: string): CheckResult {
  const shown = problems.slice(0, SHOWN_MAX).join('; ');
  const more = problems.length > SHOWN_MAX ? ` (+${problems.length - SHOWN_MAX} more)` : '';
  return {
    name,
    ok: problems.length === 0,
    detail: problems.length === 0 ? looked : `${looked}; ${shown}${more}`,
  };
}

export interface ChecksInput {
  topology: ChaosTopology;
  record: ChaosRecord;
  /** Communities the simulator and the HTTP client played (with artifacts). */
  shopCommunities: string[];
  /** Every community with money in it (the simulator's and the Telegram groups'). */
  communities: string[];
  /** The communities governance played in, with their owners' versions when it started. */
  governed: ReadonlyMap<string, OwnerVersions>;
}

export async function runChecks(input: ChecksInput): Promise<CheckResult[]> {
  const { topology, record, communities } = input;
  const commands = topology.commands;
  // Pools' holds are members' pending debits until their pool closes: the books are read once it has.
  const governed = [...input.governed.keys()];
  const governanceDone = await governanceSettled(commands, governed);
  const journals = new Map<string, Transfer[]>();
  for (const communityId of communities) {
    journals.set(
      communityId,
      await allPages((cursor) =>
        commands.request(LedgerCommands.transferHistory, { communityId, cursor, limit: PAGE }),
      ),
    );
  }
  const results: CheckResult[] = [];
  results.push(await checkJournal(commands, communities));
  results.push(checkLedgerOnce(record, journals));
  results.push(await checkEvents(topology, record, journals));
  const settled = await purchasesSettled(topology);
  results.push(await checkPurchases(commands, record, input.shopCommunities, journals, settled));
  results.push(await checkProvenance(commands, input.shopCommunities));
  results.push(await checkAnalytics(topology, communities));
  const proposals = await checkProposals(commands, record, input.governed);
  const pools = await checkPools(commands, record, governed, journals);
  if (!governanceDone) pools.detail = `governance did not settle in time; ${pools.detail}`;
  results.push(proposals, pools);
  return results;
}

/** journal.verify (over every ledger partition): the hash chains and every stored balance; sums of zero. */
async function checkJournal(commands: CommandClient, communities: string[]): Promise<CheckResult> {
  const report = await commands.request(LedgerCommands.journalVerify, {});
  const problems: string[] = [];
  if (!report.ok) problems.push('journal.verify answered ok: false');
  for (const brk of report.chainBreaks) problems.push(`chain break at seq ${brk.seq}`);
  for (const m of report.balanceMismatches)
    problems.push(`${m.accountId} ${m.field}: journal ${m.journal}, stored ${m.stored}`);
  for (const { communityId, sum } of report.sumByCommunity)
    if (sum !== 0) problems.push(`${communityId} sums to ${sum}`);
  const reported = new Set(report.sumByCommunity.map((row) => row.communityId));
  for (const communityId of communities)
    if (!reported.has(communityId)) problems.push(`${communityId} missing from the report`);
  return result(
    'journal.verify clean on every partition; balances sum to 0 per community',
    problems,
    `${report.entries} journal entries, ${report.sumByCommunity.length} communities`,
  );
}

/** Every acknowledged transfer is in its community's journal exactly once, and no id is there twice. */
function checkLedgerOnce(record: ChaosRecord, journals: Map<string, Transfer[]>): CheckResult {
  const problems: string[] = [];
  const counts = new Map<string, number>();
  for (const rows of journals.values())
    for (const row of rows) counts.set(row.id, (counts.get(row.id) ?? 0) + 1);
  for (const [id, n] of counts) if (n > 1) problems.push(`${id} is in the journal ${n} times`);
  for (const transfer of record.transfers.values()) {
    const n = counts.get(transfer.id) ?? 0;
    if (n !== 1)
      problems.push(`acknowledged ${transfer.id} (${transfer.channel}) is in the journal ${n} times`);
  }
  const byChannel = ['nats', 'http', 'telegram'].map(
    (channel) => `${[...record.transfers.values()].filter((t) => t.channel === channel).length} ${channel}`,
  );
  return result(
    'every acknowledged transfer in the ledger exactly once',
    problems,
    `${record.transfers.size} acknowledged (${byChannel.join(', ')}), ${counts.size} journal rows`,
  );
}

/**
 * The event stream TICKETONOMICS: each message's Nats-Msg-Id is its event id and no id is there twice (the
 * stream's dedupe held across the relays' retries), and every journal row, so every acknowledged transfer,
 * has exactly one transfer event. Waits for the ledger's outbox to publish what it has first.
 */
async function checkEvents(
  topology: ChaosTopology,
  record: ChaosRecord,
  journals: Map<string, Transfer[]>,
): Promise<CheckResult> {
  const rows = [...journals.values()].flat();
  const published = await waitFor(
    async () => {
      const { subjects } = await streamState(topology.operator);
      const events = Object.entries(subjects)
        .filter(([subject]) => TRANSFER_EVENTS.test(subject))
        .reduce((sum, [, n]) => sum + n, 0);
      return events >= rows.length;
    },
    { timeoutMs: EVENTS_TIMEOUT_MS, intervalMs: 500 },
  ).then(
    () => true,
    () => false,
  );
  const events: StoredEvent[] = await readStream(topology.operator, EVENTS_TIMEOUT_MS);
  const problems: string[] = published ? [] : ['the ledger outbox did not publish every journal row in time'];
  const msgIds = new Map<string, number>();
  for (const event of events) {
    if (event.msgId !== event.event.id)
      problems.push(`seq ${event.seq}: Nats-Msg-Id ${event.msgId} is not its event id`);
    if (event.msgId !== undefined) msgIds.set(event.msgId, (msgIds.get(event.msgId) ?? 0) + 1);
  }
  for (const [id, n] of msgIds) if (n > 1) problems.push(`Nats-Msg-Id ${id} stored ${n} times`);
  const transferEvents = new Map<string, number>();
  for (const event of events) {
    const id = (event.event.data as { transfer?: { id?: string } } | undefined)?.transfer?.id;
    if (TRANSFER_EVENTS.test(event.subject) && id !== undefined)
      transferEvents.set(id, (transferEvents.get(id) ?? 0) + 1);
  }
  for (const row of rows) {
    const n = transferEvents.get(row.id) ?? 0;
    if (n !== 1) problems.push(`journal row ${row.id} has ${n} transfer events`);
  }
  for (const transfer of record.transfers.values()) {
    if ((transferEvents.get(transfer.id) ?? 0) !== 1)
      problems.push(`acknowledged ${transfer.id} has ${transferEvents.get(transfer.id) ?? 0} events`);
  }
  return result(
    'every acknowledged transfer in the event stream exactly once (Nats-Msg-Id dedupe)',
    problems,
    `${events.length} messages, ${transferEvents.size} transfer events, ${rows.length} journal rows`,
  );
}

/**
 * No purchase stuck. A purchase (shop.buy, listing.buy, trade.accept for tickets, a paid type.create) is a
 * saga: the buyer's price held in escrow (ledger pending transfer `art:<community>:<requestId>:hold`), the
 * editions moved (provenance rows with that requestId), the hold posted and paid out (`...:pay:<n>`). Once
 * everything is healthy and the recovery worker had its time, a purchase is STUCK when:
 *   - its hold is still open (tickets held, neither bought nor given back), or
 *   - its hold was posted but its editions did not move (net provenance rows of the request, moves minus
 *     `reverted` rows, is 0): money moved without the item, or
 *   - its editions moved (net rows > 0) while its hold was not posted: the item moved without the money, or
 *   - the community's escrow still holds tickets (posted but not paid out), or a member has pending debits, or
 *   - a saga is still unfinished on an artifacts replica (`artifacts_sagas_unfinished` > 0).
 * Every acknowledged purchase must moreover have a posted hold.
 */
async function checkPurchases(
  commands: CommandClient,
  record: ChaosRecord,
  shopCommunities: string[],
  journals: Map<string, Transfer[]>,
  settled: boolean,
): Promise<CheckResult> {
  const problems: string[] = settled
    ? []
    : ['purchases still unfinished on an artifacts replica after the wait'];
  let holds = 0;
  let posted = 0;
  for (const communityId of shopCommunities) {
    const rows = journals.get(communityId) ?? [];
    const provenance = await provenanceOf(commands, communityId);
    const netMoves = new Map<string, number>();
    for (const entry of provenance) {
      netMoves.set(
        entry.requestId,
        (netMoves.get(entry.requestId) ?? 0) + (entry.kind === 'reverted' ? -1 : 1),
      );
    }
    const prefix = `art:${communityId}:`;
    const holdRows = rows.filter(
      (row) => row.kind === 'pending' && row.id.startsWith(prefix) && row.id.endsWith(':hold'),
    );
    const postedHolds = new Set(
      rows.filter((row) => row.kind === 'post_pending').map((row) => row.pendingId),
    );
    const closedHolds = new Set(
      rows.filter((row) => row.kind === 'void_pending').map((row) => row.pendingId),
    );
    const holdOf = new Map<string, Transfer>();
    for (const hold of holdRows) {
      holds += 1;
      const requestId = hold.id.slice(prefix.length, -':hold'.length);
      holdOf.set(requestId, hold);
      const isPosted = postedHolds.has(hold.id);
      if (isPosted) posted += 1;
      const moved = netMoves.get(requestId) ?? 0;
      if (!isPosted && !closedHolds.has(hold.id) && hold.pendingState === 'open')
        problems.push(`${hold.id} still open`);
      if (isPosted && moved <= 0)
        problems.push(`${hold.id} posted but no edition moved (money without the item)`);
      if (!isPosted && moved > 0)
        problems.push(`${requestId} in ${communityId}: editions moved without the money`);
    }
    for (const purchase of record.purchases.filter((p) => p.communityId === communityId)) {
      const hold = holdOf.get(purchase.requestId);
      if (hold === undefined || !postedHolds.has(hold.id))
        problems.push(`acknowledged ${purchase.requestId} has no posted hold`);
    }
    const accounts = await allPages<Account>((cursor) =>
      commands.request(LedgerCommands.accountList, { communityId, cursor, limit: PAGE }),
    );
    for (const account of accounts) {
      if (account.pendingDebits !== 0)
        problems.push(`${account.id} has ${account.pendingDebits} pending debits`);
      if (account.id === ledgerAccountId('escrow', communityId) && account.balance !== 0)
        problems.push(`${account.id} still holds ${account.balance}`);
    }
  }
  return result(
    'no purchase stuck (money without the item or the reverse)',
    problems,
    `${record.purchases.length} acknowledged purchases, ${holds} holds (${posted} posted)`,
  );
}

async function provenanceOf(commands: CommandClient, communityId: string): Promise<ProvenanceEntry[]> {
  const entries: ProvenanceEntry[] = [];
  for (;;) {
    const afterSeq = entries.at(-1)?.seq ?? 0;
    const page = await commands.request(ArtifactsCommands.provenanceList, {
      communityId,
      afterSeq,
      limit: PAGE,
    });
    entries.push(...page.items);
    if (page.items.length < PAGE) return entries;
  }
}

async function checkProvenance(commands: CommandClient, shopCommunities: string[]): Promise<CheckResult> {
  const problems: string[] = [];
  let entries = 0;
  for (const communityId of shopCommunities) {
    const report = await commands.request(ArtifactsCommands.provenanceVerify, { communityId });
    entries += report.entries;
    if (!report.ok)
      problems.push(
        `${communityId}: ${report.problems
          .map((p) => p.problem)
          .slice(0, 3)
          .join(', ')}`,
      );
  }
  return result(
    'artifacts provenance.verify clean',
    problems,
    `${entries} provenance entries in ${shopCommunities.length} communities`,
  );
}

/**
 * Every analytics replica equals the ledger: balances of every account, supply, treasury and journal rows
 * per community. Each replica first reaches the stream's end (its own analytics_applied_seq metric); then
 * the figures are asked several times per replica through the queue group, which picks one replica at
 * random each time, and every answer must equal the ledger (status.get names the replicas that answered).
 */
async function checkAnalytics(topology: ChaosTopology, communities: string[]): Promise<CheckResult> {
  const commands = topology.commands;
  const problems: string[] = [];
  if (!(await analyticsCaughtUp(topology)))
    problems.push('an analytics replica did not reach the end of the stream');
  const replicaCount = topology.of('analytics').length;
  const answeredBy = new Set<string>();
  for (let ask = 0; ask < ANALYTICS_ASKS_PER_REPLICA * replicaCount * 2; ask += 1) {
    answeredBy.add((await commands.request(AnalyticsCommands.statusGet, {})).replicaId);
  }
  let compared = 0;
  for (const communityId of communities) {
    const supply = await commands.request(LedgerCommands.supplyGet, { communityId });
    const accounts = await allPages<Account>((cursor) =>
      commands.request(LedgerCommands.accountList, { communityId, cursor, limit: PAGE }),
    );
    const expected = JSON.stringify({
      supply: supply.supply,
      treasury: supply.treasury,
      journalRows: supply.transfers,
      balances: Object.fromEntries(accounts.map((account) => [account.id, account.balance])),
    });
    for (let ask = 0; ask < ANALYTICS_ASKS_PER_REPLICA * replicaCount; ask += 1) {
      const overview = await commands.request(AnalyticsCommands.overviewGet, { communityId });
      const balances = await allPages<AnalyticsBalance>((cursor) =>
        commands.request(AnalyticsCommands.balancesList, { communityId, cursor, limit: PAGE }),
      );
      const actual = JSON.stringify({
        supply: overview.supply,
        treasury: overview.treasury,
        journalRows: overview.journalRows,
        balances: Object.fromEntries(balances.map((item) => [item.accountId, item.balance])),
      });
      compared += 1;
      if (actual !== expected)
        problems.push(
          `${communityId}: analytics ${actual.slice(0, 200)} vs ledger ${expected.slice(0, 200)}`,
        );
    }
  }
  if (answeredBy.size < replicaCount)
    problems.push(`only ${[...answeredBy].join(', ')} answered of ${replicaCount} replicas`);
  return result(
    'analytics equal the ledger on every replica (balances, supply, treasury, journal rows)',
    problems,
    `${compared} answers from replicas ${[...answeredBy].sort().join(', ')} over ${communities.length} communities`,
  );
}
