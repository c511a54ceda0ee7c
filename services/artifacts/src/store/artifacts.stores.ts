import type { Database } from 'better-sqlite3';
import { SqliteWriter } from '@ticketonomics/persistence';
import { OutboxStore } from '@ticketonomics/messaging';
import { EditionsStore } from '../editions/editions.store';
import { ListingsStore } from '../market/listings.store';
import { ProvenanceStore } from '../provenance/provenance.store';
import { RequestsStore } from '../requests/requests.store';
import { SagasStore } from '../sagas/sagas.store';
import { SettingsStore } from '../settings/settings.store';
import { ShopStore } from '../shop/shop.store';
import { TradesStore } from '../trades/trades.store';
import { TypesStore } from '../types/types.store';
import { CountersStore } from './counters.store';

/**
 * Every synchronous store over a partition's SQLite connection. Writes run through write(): one
 * synchronous IMMEDIATE transaction holding the change and its outbox rows. Being synchronous, two
 * writes can never interleave on the connection, which is what serializes them.
 */
export class ArtifactsStores extends SqliteWriter {
  readonly settings: SettingsStore;
  readonly counters: CountersStore;
  readonly types: TypesStore;
  readonly editions: EditionsStore;
  readonly provenance: ProvenanceStore;
  readonly shop: ShopStore;
  readonly listings: ListingsStore;
  readonly trades: TradesStore;
  readonly requests: RequestsStore;
  readonly sagas: SagasStore;
  readonly outbox: OutboxStore;

  /**
   * `assertWritable` runs first inside every write transaction (SqliteWriter calls it): the partition's fence, which throws once
   * another replica took the partition over, so nothing is written after that.
   */
  constructor(db: Database, assertWritable: () => void = () => undefined) {
    super(db, {}, assertWritable);
    this.settings = new SettingsStore(db);
    this.counters = new CountersStore(db);
    this.types = new TypesStore(db);
    this.editions = new EditionsStore(db);
    this.provenance = new ProvenanceStore(db);
    this.shop = new ShopStore(db);
    this.listings = new ListingsStore(db);
    this.trades = new TradesStore(db);
    this.requests = new RequestsStore(db);
    this.sagas = new SagasStore(db);
    this.outbox = new OutboxStore(db);
  }
}
