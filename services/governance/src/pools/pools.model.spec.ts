import {
  DomainError,
  POOL_LIMITS,
  POOL_STATUSES,
  type Pool,
  type PoolStatus,
} from '@ticketonomics/contracts';
import { closeDataSource, openSqliteDataSource, rawDatabase } from '@ticketonomics/persistence';
import { makeTempDir, removeDir } from '@ticketonomics/testing';
import fc from 'fast-check';
import pino from 'pino';
import { GovernanceEventsEmitter } from '../events/governance-events.emitter';
import { GOVERNANCE_MIGRATIONS } from '../store/governance.migrations';
import { GovernanceStores } from '../store/governance.stores';
import { canMove } from './pool.rules';
import type { PoolsLedgerGateway } from './pools-ledger.gateway';
import { PoolsCloser, type PoolFaultPoint } from './pools.closer';
import { PoolsService } from './pools.service';
import { escrowOf, holdIdOf, payoutOf, type PledgeRow, type PoolRow } from './pools.store';
import { PoolsWorker } from './pools.worker';

const C = 'model';
const MEMBERS = ['S', 'T', 'V', 'W'].map((c) => `01KB2Y6ZJ8ZQ0V7M3N4P5Q6R7${c}`);
const FUNDS = 400;
const START = Date.parse('2026-12-01T00:00:00Z');
const SILENT = pino({ level: 'silent' });

/** Thrown at a fault point: the process is gone, and so is everything it was doing. */
class Crash extends Error {}

interface Hold {
  debit: string;
  credit: string;
  amount: number;
  expiresAt: number;
  state: 'open' | 'posted' | 'voided';
}

/**
 * The ledger as pools use it, with its rules: holds reserve funds until posted, voided or expired; settle
 * posts every hold and pays out, or nothing; every call is idempotent by id. `down` refuses calls as an
 * unreachable ledger does; `loseReply` applies a call and loses its answer.
 */
class FakeLedger {
  readonly balances = new Map<string, number>();
  readonly holds = new Map<string, Hold>();
  readonly payouts = new Map<string, { credit: string; amount: number }>();
  down = false;
  loseReply = false;
  /** Goes down right after the next hold it makes: a pool filled by it stays settling. */
  downAfterNextHold = false;

  constructor(private readonly now: () => number) {}

  stateOf(hold: Hold): 'open' | 'posted' | 'voided' | 'expired' {
    return hold.state === 'open' && this.now() >= hold.expiresAt ? 'expired' : hold.state;
  }

  private available(account: string): number {
    let held = 0;
    for (const hold of this.holds.values()) {
      if (hold.debit === account && this.stateOf(hold) === 'open') held += hold.amount;
    }
    return (this.balances.get(account) ?? 0) - held;
  }

  private reachable(): void {
    if (this.down) throw new DomainError('UNAVAILABLE', 'no responders');
  }

  private answered(): void {
    if (!this.loseReply) return;
    this.loseReply = false;
    throw new DomainError('UNAVAILABLE', 'did not answer in time');
  }

  hold(pool: PoolRow, pledge: PledgeRow): Promise<void> {
    this.reachable();
    const id = holdIdOf(pledge);
    if (!this.holds.has(id)) {
      const debit = `user:${C}:${pledge.memberId}`;
      if (this.available(debit) < pledge.amount) {
        return Promise.reject(
          new DomainError('INSUFFICIENT_FUNDS', 'short', {
            accountId: debit,
            available: 0,
            required: pledge.amount,
          }),
        );
      }
      this.holds.set(id, {
        debit,
        credit: escrowOf(pool),
        amount: pledge.amount,
        expiresAt: this.now() + pledge.holdTimeoutMs,
        state: 'open',
      });
      if (this.downAfterNextHold) {
        this.downAfterNextHold = false;
        this.down = true;
      }
    }
    this.answered();
    return Promise.resolve();
  }

  settle(pool: PoolRow, held: readonly PledgeRow[]): Promise<void> {
    this.reachable();
    const payoutId = `${C}:${pool.id}:payout`;
    const holds = held.map((pledge) => this.holds.get(holdIdOf(pledge)));
    const refused = holds.findIndex(
      (hold) => hold === undefined || !['open', 'posted'].includes(this.stateOf(hold)),
    );
    if (refused >= 0) return Promise.reject(new DomainError('PENDING_NOT_OPEN', `pendingIds.${refused}`));
    const repeat = this.payouts.get(payoutId);
    if (repeat !== undefined) {
      if (repeat.amount !== pool.pledgedAmount)
        return Promise.reject(new DomainError('IDEMPOTENCY_CONFLICT', 'x'));
      if (holds.some((hold) => hold!.state !== 'posted')) throw new Error('a settle applied in part');
    } else {
      for (const hold of holds) {
        hold!.state = 'posted';
        this.move(hold!.debit, hold!.credit, hold!.amount);
      }
      this.move(escrowOf(pool), payoutOf(pool), pool.pledgedAmount);
      this.payouts.set(payoutId, { credit: payoutOf(pool), amount: pool.pledgedAmount });
    }
    this.answered();
    return Promise.resolve();
  }

  release(pledge: PledgeRow): Promise<void> {
    this.reachable();
    const hold = this.holds.get(holdIdOf(pledge));
    if (hold === undefined) return Promise.reject(new DomainError('NOT_FOUND', 'no hold'));
    const state = this.stateOf(hold);
    if (state === 'posted') return Promise.reject(new DomainError('PENDING_NOT_OPEN', 'posted'));
    if (state === 'open') hold.state = 'voided';
    this.answered();
    return Promise.resolve();
  }

  private move(from: string, to: string, amount: number): void {
    if ((this.balances.get(from) ?? 0) < amount) throw new Error(`${from} would go below 0`);
    this.balances.set(from, (this.balances.get(from) ?? 0) - amount);
    this.balances.set(to, (this.balances.get(to) ?? 0) + amount);
  }
}

/** One governance process: its services over the shared store and ledger, dead after a fault point. */
interface Generation {
  service: PoolsService;
  worker: PoolsWorker;
  dead: boolean;
}

type Command =
  | { kind: 'open'; opener: number; purpose: 0 | 1 | 2; recipient: number; target: number; deadlineS: number }
  | { kind: 'pledge'; pool: number; member: number; amount: number }
  | { kind: 'pledgePair'; pool: number; members: [number, number]; amount: number }
  | { kind: 'cancel'; pool: number; byOpener: boolean }
  | { kind: 'tick'; seconds: number }
  | { kind: 'ledgerDown'; down: boolean }
  | { kind: 'loseReply' }
  | { kind: 'longOutage' }
  | { kind: 'downAfterNextHold' }
  | { kind: 'crashAt'; point: PoolFaultPoint };

const openArb: fc.Arbitrary<Command> = fc.record({
  kind: fc.constant('open' as const),
  opener: fc.nat(3),
  purpose: fc.constantFrom(0 as const, 1 as const, 2 as const),
  recipient: fc.nat(3),
  target: fc.integer({ min: 50, max: 250 }),
  deadlineS: fc.integer({ min: 20, max: 180 }),
});

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  openArb,
  {
    arbitrary: fc.record({
      kind: fc.constant('pledge' as const),
      pool: fc.nat(5),
      member: fc.nat(3),
      amount: fc.integer({ min: 10, max: 150 }),
    }),
    weight: 10,
  },
  fc.record({
    kind: fc.constant('pledgePair' as const),
    pool: fc.nat(5),
    members: fc.tuple(fc.nat(3), fc.nat(3)),
    amount: fc.integer({ min: 10, max: 150 }),
  }),
  fc.record({ kind: fc.constant('cancel' as const), pool: fc.nat(5), byOpener: fc.boolean() }),
  {
    arbitrary: fc.record({ kind: fc.constant('tick' as const), seconds: fc.integer({ min: 1, max: 40 }) }),
    weight: 2,
  },
  fc.record({ kind: fc.constant('ledgerDown' as const), down: fc.boolean() }),
  fc.record({ kind: fc.constant('loseReply' as const) }),
  fc.record({ kind: fc.constant('longOutage' as const) }),
  fc.record({ kind: fc.constant('downAfterNextHold' as const) }),
  fc.record({
    kind: fc.constant('crashAt' as const),
    point: fc.constantFrom<PoolFaultPoint>('pool-hold', 'pool-settle', 'pool-release'),
  }),
);

interface Witness {
  target: number;
  heldSum: number;
  unknownSum: number;
  sawSettling: boolean;
  cancelled: boolean;
  statuses: PoolStatus[];
}

describe('cooperation pools, model-based: random pledges, deadlines, cancels, ledger outages and crashes', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await makeTempDir('governance-pools-model-');
  });

  afterAll(async () => {
    await removeDir(dir);
  });

  it('every pool ends settled (all counted pledges posted, their sum paid) or released (every hold voided), never both, never partly', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(openArb, { minLength: 1, maxLength: 3 }),
        fc.array(commandArb, { minLength: 5, maxLength: 40 }),
        fc.boolean(),
        async (opens, commands, pastMargin) => {
          run += 1;
          const dataSource = await openSqliteDataSource({
            dataDir: dir,
            fileName: `run-${run}.sqlite`,
            migrations: GOVERNANCE_MIGRATIONS,
          });
          try {
            const stores = new GovernanceStores(rawDatabase(dataSource));
            await runScenario(stores, [...opens, ...commands], pastMargin);
          } finally {
            await closeDataSource(dataSource);
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);
});

/** Whether the state machine leads from one status to another in one or more steps. */
function leadsTo(from: PoolStatus, to: PoolStatus): boolean {
  const next = POOL_STATUSES.filter((status) => canMove(from, status));
  return next.includes(to) || next.some((status) => leadsTo(status, to));
}

async function runScenario(
  stores: GovernanceStores,
  commands: Command[],
  pastMargin: boolean,
): Promise<void> {
  let now = START;
  const clock = () => now;
  const ledger = new FakeLedger(clock);
  for (const member of MEMBERS) {
    stores.write(() =>
      stores.members.save({ communityId: C, userId: member, role: 'member', active: true, joinedAt: START }),
    );
    ledger.balances.set(`user:${C}:${member}`, FUNDS);
  }
  const events = new GovernanceEventsEmitter(stores.outbox);
  let armed: PoolFaultPoint | null = null;

  const spawn = (): Generation => {
    const generation = { dead: false } as Generation;
    // A dead process sends nothing more: every later ledger call of its unfinished work fails at once.
    const alive = <T>(call: () => Promise<T>): Promise<T> =>
      generation.dead ? Promise.reject(new Crash('the process is gone')) : call();
    const gateway = {
      hold: (pool: PoolRow, pledge: PledgeRow) => alive(() => ledger.hold(pool, pledge)),
      settle: (pool: PoolRow, held: readonly PledgeRow[]) => alive(() => ledger.settle(pool, held)),
      release: (pledge: PledgeRow) => alive(() => ledger.release(pledge)),
    } as unknown as PoolsLedgerGateway;
    const closer = new PoolsCloser(stores, gateway, events, clock, SILENT, (point) => {
      if (armed !== point) return;
      armed = null;
      generation.dead = true;
      throw new Crash(`killed after ${point}`);
    });
    generation.service = new PoolsService(stores, events, closer, clock, SILENT);
    generation.worker = new PoolsWorker(
      stores,
      closer,
      clock,
      { intervalMs: 1_000, batchMax: 50, holdingGraceMs: 10_000 },
      SILENT,
    );
    return generation;
  };

  let current = spawn();
  const pools: Pool[] = [];
  const witnesses = new Map<number, Witness>();
  const observe = () => {
    for (const pool of pools) {
      const status = stores.pools.find(C, pool.id)!.status;
      const seen = witnesses.get(pool.id)!.statuses;
      if (seen[seen.length - 1] !== status) seen.push(status);
    }
  };
  const restartIfDead = () => {
    if (current.dead) current = spawn();
  };

  const pledge = async (pool: Pool, member: number, amount: number, requestId: string) => {
    const witness = witnesses.get(pool.id)!;
    try {
      const reply = await current.service.pledge({
        requestId,
        communityId: C,
        poolId: pool.id,
        memberId: MEMBERS[member]!,
        amount,
      });
      witness.heldSum += amount;
      if (reply.pool.status === 'settling' || reply.pool.status === 'settled') witness.sawSettling = true;
    } catch (error) {
      if (error instanceof Crash || (error instanceof DomainError && error.code === 'UNAVAILABLE')) {
        witness.unknownSum += amount;
      } else if (!(error instanceof DomainError)) throw error;
    }
  };

  for (const [index, command] of commands.entries()) {
    switch (command.kind) {
      case 'open': {
        const purpose = (['treasury', 'prize', 'artifact'] as const)[command.purpose];
        try {
          const pool = current.service.open({
            requestId: `open-${index}`,
            communityId: C,
            openerId: MEMBERS[command.opener]!,
            title: `pool ${index}`,
            purpose,
            ...(purpose === 'prize' ? { recipientId: MEMBERS[command.recipient]! } : {}),
            targetAmount: command.target,
            deadline: new Date(now + command.deadlineS * 1_000).toISOString(),
          });
          pools.push(pool);
          witnesses.set(pool.id, {
            target: pool.targetAmount,
            heldSum: 0,
            unknownSum: 0,
            sawSettling: false,
            cancelled: false,
            statuses: ['open'],
          });
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
        }
        break;
      }
      case 'pledge':
      case 'pledgePair': {
        const pool = pools[command.pool % Math.max(pools.length, 1)];
        if (pool === undefined) break;
        const members = command.kind === 'pledge' ? [command.member] : command.members;
        await Promise.all(
          members.map((member, at) => pledge(pool, member, command.amount + at, `pledge-${index}-${at}`)),
        );
        break;
      }
      case 'cancel': {
        const pool = pools[command.pool % Math.max(pools.length, 1)];
        if (pool === undefined) break;
        try {
          const after = await current.service.cancel({
            communityId: C,
            poolId: pool.id,
            cancelledBy: command.byOpener ? pool.openerId : MEMBERS.find((m) => m !== pool.openerId)!,
            asAdmin: false,
          });
          if (after.releaseReason === 'cancelled') witnesses.get(pool.id)!.cancelled = true;
        } catch (error) {
          if (error instanceof Crash) witnesses.get(pool.id)!.cancelled = true;
          else if (!(error instanceof DomainError)) throw error;
        }
        break;
      }
      case 'tick':
        now += command.seconds * 1_000;
        await current.worker.round();
        break;
      case 'ledgerDown':
        ledger.down = command.down;
        break;
      case 'loseReply':
        ledger.loseReply = true;
        break;
      case 'downAfterNextHold':
        ledger.downAfterNextHold = true;
        break;
      case 'longOutage':
        // Down past every deadline and the holds' margin: the ledger expires the holds by itself, and a
        // pool that was settling can only be released.
        ledger.down = true;
        now += POOL_LIMITS.holdMarginMs + 130_000;
        await current.worker.round();
        ledger.down = false;
        await current.worker.round();
        break;
      case 'crashAt':
        armed = command.point;
        break;
    }
    observe();
    restartIfDead();
  }

  // The ledger comes back, the faults stop; time passes every deadline (and, in some runs, the holds'
  // margin too, so the ledger expires them) and the worker finishes everything left.
  ledger.down = false;
  ledger.loseReply = false;
  ledger.downAfterNextHold = false;
  armed = null;
  current = spawn();
  now += (pastMargin ? POOL_LIMITS.holdMarginMs : 0) + 190_000;
  for (let round = 0; round < 6; round += 1) {
    await current.worker.round();
    now += 11_000;
  }
  observe();

  let treasuryIn = 0;
  const paidToMember = new Map<string, number>();
  for (const pool of pools) {
    const row = stores.pools.find(C, pool.id)!;
    const pledges = stores.pools.pledges(C, pool.id);
    const witness = witnesses.get(pool.id)!;
    const holdStates = pledges.map((pledge) => {
      const hold = ledger.holds.get(holdIdOf(pledge));
      return hold === undefined ? null : ledger.stateOf(hold);
    });
    // Moves only along the state machine (seen between commands, so possibly several steps at once), and
    // ends in one of its two ends.
    for (let at = 1; at < witness.statuses.length; at += 1) {
      expect([
        witness.statuses[at - 1],
        witness.statuses[at],
        leadsTo(witness.statuses[at - 1]!, witness.statuses[at]!),
      ]).toEqual([witness.statuses[at - 1], witness.statuses[at], true]);
    }
    expect(['settled', 'released']).toContain(row.status);
    expect(ledger.balances.get(escrowOf(row)) ?? 0).toBe(0);
    const payout = ledger.payouts.get(`${C}:${row.id}:payout`);
    if (row.status === 'settled') {
      const posted = pledges.filter((pledge) => pledge.status === 'posted');
      expect(posted.reduce((sum, pledge) => sum + pledge.amount, 0)).toBe(row.pledgedAmount);
      expect(posted).toHaveLength(row.pledgeCount);
      expect(row.pledgedAmount).toBeGreaterThanOrEqual(row.targetAmount);
      pledges.forEach((pledge, at) => {
        if (pledge.status === 'posted') expect(holdStates[at]).toBe('posted');
        else expect([null, 'voided', 'expired']).toContain(holdStates[at]);
        expect(['posted', 'voided']).toContain(pledge.status);
      });
      expect(payout).toEqual({ credit: payoutOf(row), amount: row.pledgedAmount });
      if (row.purpose === 'prize')
        paidToMember.set(row.recipientId!, (paidToMember.get(row.recipientId!) ?? 0) + row.pledgedAmount);
      else treasuryIn += row.pledgedAmount;
      expect(witness.cancelled).toBe(false);
    } else {
      for (const pledge of pledges) expect(pledge.status).toBe('voided');
      for (const state of holdStates) expect([null, 'voided', 'expired']).toContain(state);
      expect(payout).toBeUndefined();
      // A pool that began settling is released only when the ledger refused to post its pledges (here:
      // their holds expired while the ledger was away past the margin).
      if (witness.sawSettling)
        expect([row.releaseReason, row.failure?.split(':')[0]]).toEqual(['refused', 'PENDING_NOT_OPEN']);
    }
    if (witness.cancelled) expect(row.status).toBe('released');
    if (witness.heldSum + witness.unknownSum < witness.target) expect(row.status).toBe('released');
  }
  // No hold is left open, and money is only where a settled pool sent it.
  for (const hold of ledger.holds.values()) expect(ledger.stateOf(hold)).not.toBe('open');
  let total = 0;
  for (const balance of ledger.balances.values()) total += balance;
  expect(total).toBe(FUNDS * MEMBERS.length);
  expect(ledger.balances.get(`treasury:${C}`) ?? 0).toBe(treasuryIn);
  const postedBy = new Map<string, number>();
  for (const hold of ledger.holds.values()) {
    if (hold.state === 'posted') postedBy.set(hold.debit, (postedBy.get(hold.debit) ?? 0) + hold.amount);
  }
  for (const member of MEMBERS) {
    const account = `user:${C}:${member}`;
    expect(ledger.balances.get(account)).toBe(
      FUNDS - (postedBy.get(account) ?? 0) + (paidToMember.get(member) ?? 0),
    );
  }
}
