import { LeaseTable } from '@ticketonomics/partitions';
import { makeTempDir, removeDir, startNatsServer, type NatsServerHarness } from '@ticketonomics/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { LEGACY_STORE_FILE, StoreSlot } from './store-slot';

const logger = pino({ level: 'silent' });
const OPTIONS = { slotsMax: 2, renewEveryMs: 300 };
const who = (holder: string, incarnation = 'run-1') => ({ holder, incarnation });

describe('StoreSlot (real nats-server)', () => {
  let nats: NatsServerHarness;
  let connection: NatsConnection;
  let leases: LeaseTable;
  let dir: string;

  beforeAll(async () => {
    nats = await startNatsServer();
    connection = await nats.connect();
    leases = await LeaseTable.open(connection, {
      bucket: 'tk_leases_slots_test',
      ttlMs: 1_000,
      replicas: 1,
      timeoutMs: 2_000,
    });
  });
  afterAll(async () => {
    await connection?.close();
    await nats?.dispose();
  });
  beforeEach(async () => {
    dir = await makeTempDir('analytics-slot-');
  });
  afterEach(async () => {
    await removeDir(dir);
  });

  const claimIn = (overrides: Partial<typeof OPTIONS> & { reuseWaitMs?: number } = {}) => ({
    ...OPTIONS,
    dataDir: dir,
    reuseWaitMs: 0,
    ...overrides,
  });

  it("takes a free slot with a file before a new one, and waits for a dead replica's slot to free up", async () => {
    writeFileSync(join(dir, 'analytics-s5.sqlite'), '');
    writeFileSync(join(dir, 'analytics-s6.sqlite'), '');
    const options = claimIn({ slotsMax: 8, reuseWaitMs: 3_000 });
    const live = await StoreSlot.claim(leases, who('p'), options, logger);
    expect(live.label).toBe('s5');
    live.keep(OPTIONS, () => undefined);
    // s6 is held by a replica that died (it never renews): the next one waits for it rather than start s0.
    const dead = await StoreSlot.claim(leases, who('q'), options, logger);
    expect(dead.label).toBe('s6');
    const startedMs = Date.now();
    const replacement = await StoreSlot.claim(leases, who('r'), options, logger);
    expect(replacement.label).toBe('s6');
    expect(Date.now() - startedMs).toBeGreaterThanOrEqual(500);
    // With every file's slot held, a replica waits reuseWaitMs at most, then starts a new file.
    const fresh = await StoreSlot.claim(leases, who('s'), claimIn({ slotsMax: 8, reuseWaitMs: 200 }), logger);
    expect(fresh.label).toBe('s0');
    await Promise.all([fresh.release(), replacement.release()]);
    await live.release();
  });

  it('gives the lowest free slot, refuses when all are held, and a released slot goes to the next replica', async () => {
    const first = await StoreSlot.claim(leases, who('a'), claimIn(), logger);
    const second = await StoreSlot.claim(leases, who('b'), claimIn(), logger);
    expect([first.label, first.fileName, second.label]).toEqual(['s0', 'analytics-s0.sqlite', 's1']);
    await expect(StoreSlot.claim(leases, who('c'), claimIn(), logger)).rejects.toThrow(
      /all 2 analytics slots are held.*ANALYTICS_SLOTS_MAX/,
    );
    await first.release();
    expect((await StoreSlot.claim(leases, who('c'), claimIn(), logger)).label).toBe('s0');
    // b restarted (a new run that no longer renews the old one's lease) gets its slot back at once.
    expect((await StoreSlot.claim(leases, who('b', 'run-2'), claimIn(), logger)).label).toBe('s1');
  });

  it('keeps its slot by renewing it past the lease time to live', async () => {
    const kept = await StoreSlot.claim(leases, who('keeper'), claimIn({ slotsMax: 8 }), logger);
    const lost = jest.fn();
    kept.keep(OPTIONS, lost);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(lost).not.toHaveBeenCalled();
    const other = await StoreSlot.claim(leases, who('other'), claimIn({ slotsMax: 8 }), logger);
    expect(other.label).not.toBe(kept.label);
    await kept.release();
    await other.release();
  });

  it('adopts the store of earlier versions, with its WAL, unless it has a file already', () => {
    writeFileSync(join(dir, LEGACY_STORE_FILE), 'main');
    writeFileSync(join(dir, `${LEGACY_STORE_FILE}-wal`), 'wal');
    const slot = StoreSlot.explicit('r1', logger);
    slot.adoptLegacyStore(dir);
    expect(readdirSync(dir).sort()).toEqual(['analytics-r1.sqlite', 'analytics-r1.sqlite-wal']);
    expect(readFileSync(join(dir, 'analytics-r1.sqlite-wal'), 'utf8')).toBe('wal');

    writeFileSync(join(dir, LEGACY_STORE_FILE), 'another');
    slot.adoptLegacyStore(dir);
    expect(readFileSync(join(dir, 'analytics-r1.sqlite'), 'utf8')).toBe('main');
    expect(existsSync(join(dir, LEGACY_STORE_FILE))).toBe(true);
  });
});
