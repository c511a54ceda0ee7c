import type { Database, Statement } from 'better-sqlite3';
import {
  AMOUNT_MAX,
  DISTRIBUTION_DEFAULT,
  EMISSION_DEFAULT,
  type FeeDestination,
  type Policy,
} from '@ticketonomics/contracts';

interface PolicyRow {
  communityId: string;
  currencyName: string;
  currencySymbol: string;
  taxBps: number;
  transferMin: number;
  transferMax: number;
  dailySendMax: number | null;
  dailyReceiveMax: number | null;
  taxDestination: FeeDestination;
  /** JSON; null in rows written before emission existed. */
  emission: string | null;
  distribution: string | null;
  demurrage: string | null;
  version: number;
  updatedAt: number;
}

/** A community without a stored policy uses these; version 0 says nobody has set one yet. */
export function defaultPolicy(communityId: string): Policy {
  return {
    communityId,
    currencyName: 'Ticket',
    currencySymbol: '🎟',
    taxBps: 0,
    transferMin: 1,
    transferMax: AMOUNT_MAX,
    dailySendMax: null,
    dailyReceiveMax: null,
    taxDestination: 'treasury',
    emission: EMISSION_DEFAULT,
    distribution: DISTRIBUTION_DEFAULT,
    demurrage: null,
    version: 0,
    updatedAt: new Date(0).toISOString(),
  };
}

export class PolicyStore {
  private readonly selectOne: Statement;
  private readonly upsert: Statement;
  private readonly cache = new Map<string, Policy>();

  constructor(db: Database) {
    this.selectOne = db.prepare(
      `SELECT community_id AS communityId, currency_name AS currencyName, currency_symbol AS currencySymbol,
        tax_bps AS taxBps, transfer_min AS transferMin, transfer_max AS transferMax,
        daily_send_max AS dailySendMax, daily_receive_max AS dailyReceiveMax, tax_destination AS taxDestination, emission, distribution,
        demurrage, version, updated_at AS updatedAt
       FROM policies WHERE community_id = ?`,
    );
    this.upsert = db.prepare(
      `INSERT INTO policies (community_id, currency_name, currency_symbol, tax_bps, transfer_min, transfer_max,
        daily_send_max, daily_receive_max, tax_destination, emission, distribution, demurrage, version, updated_at)
       VALUES (@communityId, @currencyName, @currencySymbol, @taxBps, @transferMin, @transferMax,
        @dailySendMax, @dailyReceiveMax, @taxDestination, @emission, @distribution, @demurrage, @version, @updatedAt)
       ON CONFLICT (community_id) DO UPDATE SET currency_name = excluded.currency_name,
        currency_symbol = excluded.currency_symbol, tax_bps = excluded.tax_bps, transfer_min = excluded.transfer_min,
        transfer_max = excluded.transfer_max,
        daily_send_max = excluded.daily_send_max, daily_receive_max = excluded.daily_receive_max,
        tax_destination = excluded.tax_destination, emission = excluded.emission,
        distribution = excluded.distribution, demurrage = excluded.demurrage, version = excluded.version, updated_at = excluded.updated_at`,
    );
  }

  get(communityId: string): Policy {
    const cached = this.cache.get(communityId);
    if (cached !== undefined) return cached;
    const row = this.selectOne.get(communityId) as PolicyRow | undefined;
    const policy = row === undefined ? defaultPolicy(communityId) : fromRow(row);
    this.cache.set(communityId, policy);
    return policy;
  }

  save(policy: Policy): void {
    this.upsert.run({
      ...policy,
      emission: JSON.stringify(policy.emission),
      distribution: JSON.stringify(policy.distribution),
      demurrage: policy.demurrage === null ? null : JSON.stringify(policy.demurrage),
      updatedAt: Date.parse(policy.updatedAt),
    });
    this.cache.delete(policy.communityId);
  }

  /** Forget cached policies; called when a transaction that saved one rolls back. */
  clearCache(): void {
    this.cache.clear();
  }
}

function fromRow(row: PolicyRow): Policy {
  return {
    ...row,
    emission: row.emission === null ? EMISSION_DEFAULT : (JSON.parse(row.emission) as Policy['emission']),
    distribution:
      row.distribution === null
        ? DISTRIBUTION_DEFAULT
        : (JSON.parse(row.distribution) as Policy['distribution']),
    demurrage: row.demurrage === null ? null : (JSON.parse(row.demurrage) as Policy['demurrage']),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}
