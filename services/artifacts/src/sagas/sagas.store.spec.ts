import { TEST_BUS_ENV } from '@ticketonomics/testing';
import { loadConfig } from '@ticketonomics/runtime';
import Database from 'better-sqlite3';
import type { QueryRunner } from 'typeorm';
import { ArtifactsConfigSchema } from '../config/artifacts.config';
import { ArtifactsInit1764700000000 } from '../migrations/1764700000000-artifacts-init';
import { newSaga } from './saga.draft';
import { backoffMs } from './saga.states';
import { SagasStore } from './sagas.store';

const { ARTIFACTS_SAGA_ATTEMPTS_MAX, ARTIFACTS_SAGA_BACKOFF_MS, ARTIFACTS_SAGA_BACKOFF_MAX_MS } = loadConfig(
  ArtifactsConfigSchema,
  TEST_BUS_ENV,
);
const BOOT_AT_MS = 1_000_000;
const GRACE_MS = 30_000;

async function migratedDatabase(): Promise<Database.Database> {
  const db = new Database(':memory:');
  const runner = { query: async (sql: string) => db.exec(sql) } as unknown as QueryRunner;
  await new ArtifactsInit1764700000000().up(runner);
  return db;
}

function saga(requestId: string, at: number) {
  return newSaga({
    communityId: 'demo',
    requestId,
    kind: 'shop_buy',
    buyerId: 'alice',
    price: 25,
    payouts: [{ creditAccountId: 'treasury:demo', amount: 25, code: 'purchase' }],
    split: { toPayee: 25, fee: 0, royalty: 0 },
    plan: { shopItemId: 1, price: 25 },
    memo: 'test',
    holdTimeoutMs: 600_000,
    at,
  });
}

describe('SagasStore.due', () => {
  let db: Database.Database;
  let store: SagasStore;
  const dueAt = (now: number) =>
    store
      .due({ now, bootAt: BOOT_AT_MS, idleBefore: now - GRACE_MS, limit: 100 })
      .map((row) => row.requestId);

  beforeEach(async () => {
    db = await migratedDatabase();
    store = new SagasStore(db);
  });

  afterEach(() => db.close());

  it('keeps a saga past ARTIFACTS_SAGA_ATTEMPTS_MAX failed attempts due at its next attempt: stuck, never abandoned', () => {
    // Left by the previous process (created before boot), so the grace period does not apply.
    store.insert(saga('stuck', BOOT_AT_MS - 1));
    let now = BOOT_AT_MS;
    let attempts = 0;
    for (let failed = 0; failed < ARTIFACTS_SAGA_ATTEMPTS_MAX + 3; failed += 1) {
      expect(dueAt(now)).toEqual(['stuck']);
      const row = store.require('demo', 'stuck');
      const nextAttemptAt =
        now + backoffMs(row.attempts + 1, ARTIFACTS_SAGA_BACKOFF_MS, ARTIFACTS_SAGA_BACKOFF_MAX_MS);
      attempts = store.retryLater(row, nextAttemptAt);
      // Not before its next attempt time...
      expect(dueAt(nextAttemptAt - 1)).toEqual([]);
      now = nextAttemptAt;
    }
    expect(attempts).toBeGreaterThan(ARTIFACTS_SAGA_ATTEMPTS_MAX);
    expect(store.stuckCount(ARTIFACTS_SAGA_ATTEMPTS_MAX)).toBe(1);
    // ...and due again when it comes, at the longest back-off.
    expect(dueAt(now)).toEqual(['stuck']);
    expect(store.require('demo', 'stuck').nextAttemptAt).toBe(now);
  });

  it('leaves a saga of this process alone during the grace period, and finished sagas for good', () => {
    const at = BOOT_AT_MS + 1_000;
    store.insert(saga('fresh', at));
    expect(dueAt(at + GRACE_MS - 1)).toEqual([]);
    expect(dueAt(at + GRACE_MS)).toEqual(['fresh']);
    db.prepare(`UPDATE sagas SET state = 'failed' WHERE request_id = 'fresh'`).run();
    expect(dueAt(at + GRACE_MS * 10)).toEqual([]);
  });
});
