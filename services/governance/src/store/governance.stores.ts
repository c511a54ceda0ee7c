import type { Database } from 'better-sqlite3';
import { OutboxStore, ProcessedEventsStore } from '@ticketonomics/messaging';
import { SqliteWriter } from '@ticketonomics/persistence';
import { MembersStore } from '../eligibility/members.store';
import { HistoryStore } from '../history/history.store';
import { PoolsStore } from '../pools/pools.store';
import { ProposalsStore } from '../proposals/proposals.store';
import { SettingsStore } from '../settings/settings.store';
import { VotersStore } from '../votes/voters.store';
import { CountersStore } from './counters.store';

/**
 * Every synchronous store over a partition's SQLite connection. Writes run through write(): one
 * synchronous IMMEDIATE transaction holding the change and its outbox rows, after the partition's fence.
 */
export class GovernanceStores extends SqliteWriter {
  readonly settings: SettingsStore;
  readonly counters: CountersStore;
  readonly members: MembersStore;
  readonly proposals: ProposalsStore;
  readonly voters: VotersStore;
  readonly history: HistoryStore;
  readonly pools: PoolsStore;
  readonly processed: ProcessedEventsStore;
  readonly outbox: OutboxStore;

  constructor(db: Database, assertWritable: () => void = () => undefined) {
    super(db, {}, assertWritable);
    this.settings = new SettingsStore(db);
    this.counters = new CountersStore(db);
    this.members = new MembersStore(db);
    this.proposals = new ProposalsStore(db);
    this.voters = new VotersStore(db);
    this.history = new HistoryStore(db);
    this.pools = new PoolsStore(db);
    this.processed = new ProcessedEventsStore(db);
    this.outbox = new OutboxStore(db);
  }
}
