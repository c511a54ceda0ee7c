import {
  periodEmission,
  projectSupply,
  scheduledRowId,
  scheduledRowKind,
  SUPPLY_MAX,
  SUPPLY_PROJECTION_PERIODS_MAX,
} from './emission.schedule';
import { AMOUNT_MAX } from '../primitives';
import { EMISSION_DEFAULT, type Emission } from './ledger.economy';

const fixed = (amount: number, supplyCap: number | null = null): Emission => ({
  ...EMISSION_DEFAULT,
  mode: 'fixed',
  amount,
  supplyCap,
  startAt: '2026-01-01T00:00:00.000Z',
});
const rate = (rateBps: number, supplyCap: number | null = null): Emission => ({
  ...EMISSION_DEFAULT,
  mode: 'rate',
  rateBps,
  supplyCap,
  startAt: '2026-01-01T00:00:00.000Z',
});

describe('periodEmission', () => {
  it('emits the fixed amount, or the rate of the supply rounded down, and nothing when off', () => {
    expect(periodEmission(fixed(250), 1_000)).toBe(250);
    expect(periodEmission(rate(150), 1_001)).toBe(15); // 15.015
    expect(periodEmission(EMISSION_DEFAULT, 1_000)).toBe(0);
  });

  it('emits only what is left below the cap, and nothing at or past it', () => {
    expect(periodEmission(fixed(250, 1_100), 1_000)).toBe(100);
    expect(periodEmission(fixed(250, 1_000), 1_000)).toBe(0);
    expect(periodEmission(rate(1_000, 1_000), 2_000)).toBe(0);
  });

  it('never emits past the supply the ledger allows, and computes a large rate exactly', () => {
    expect(periodEmission(rate(1_000), SUPPLY_MAX + 1)).toBe(0);
    expect(periodEmission(rate(1), 7_000_000_000_000_003)).toBe(700_000_000_000);
    expect(periodEmission(fixed(AMOUNT_MAX), SUPPLY_MAX - 5)).toBe(5);
  });
});

describe('projectSupply', () => {
  it('adds a fixed amount per period, a period apart from the next due time', () => {
    const projection = projectSupply({
      emission: { ...fixed(100), period: 'day' },
      supply: 1_000,
      periods: 3,
      nextDueAt: '2026-03-02T00:00:00.000Z',
    });
    expect(projection).toEqual({
      period: 'day',
      capReachedAt: null,
      points: [
        { period: 1, endsAt: '2026-03-02T00:00:00.000Z', emitted: 100, supply: 1_100 },
        { period: 2, endsAt: '2026-03-03T00:00:00.000Z', emitted: 100, supply: 1_200 },
        { period: 3, endsAt: '2026-03-04T00:00:00.000Z', emitted: 100, supply: 1_300 },
      ],
    });
  });

  it('compounds a rate on the supply before each period, rounded down each time', () => {
    const { points } = projectSupply({
      emission: { ...rate(1_000), period: 'week' },
      supply: 1_000,
      periods: 3,
      nextDueAt: '2026-03-02T00:00:00.000Z',
    });
    expect(points.map((point) => [point.emitted, point.supply])).toEqual([
      [100, 1_100],
      [110, 1_210],
      [121, 1_331],
    ]);
    expect(points[1]?.endsAt).toBe('2026-03-09T00:00:00.000Z');
  });

  it('stops at the cap: the period reaching it emits what is left, later ones nothing', () => {
    const projection = projectSupply({
      emission: fixed(300, 1_500),
      supply: 1_000,
      periods: 4,
      nextDueAt: null,
    });
    expect(projection.points.map((point) => [point.emitted, point.supply, point.endsAt])).toEqual([
      [300, 1_300, null],
      [200, 1_500, null],
      [0, 1_500, null],
      [0, 1_500, null],
    ]);
    expect(projection.capReachedAt).toBe(2);
  });

  it('says the cap is reached at once when the supply already stands at it', () => {
    const projection = projectSupply({ emission: rate(500, 800), supply: 900, periods: 2, nextDueAt: null });
    expect(projection.points.map((point) => point.supply)).toEqual([900, 900]);
    expect(projection.capReachedAt).toBe(1);
  });

  it('keeps the supply flat with no emission, and no cap to reach', () => {
    const projection = projectSupply({ emission: EMISSION_DEFAULT, supply: 42, periods: 2, nextDueAt: null });
    expect(projection.points.map((point) => point.supply)).toEqual([42, 42]);
    expect(projection.capReachedAt).toBeNull();
  });

  it.each([0, SUPPLY_PROJECTION_PERIODS_MAX + 1, 1.5])('refuses %p periods', (periods) => {
    expect(() => projectSupply({ emission: fixed(1), supply: 0, periods, nextDueAt: null })).toThrow(
      RangeError,
    );
  });

  it('refuses a negative supply', () => {
    expect(() => projectSupply({ emission: fixed(1), supply: -1, periods: 1, nextDueAt: null })).toThrow(
      /supply/,
    );
  });
});

describe('scheduled row ids', () => {
  it('names emission and holding-fee rows, and reads them back', () => {
    const id = scheduledRowId('emission', 'demo-town', 'day', 20_500, 3);
    expect(id).toBe('emission/demo-town/d20500/3');
    expect(scheduledRowKind(id)).toBe('emission');
    expect(scheduledRowKind(scheduledRowId('demurrage', 'c', 'week', 2, 0))).toBe('demurrage');
  });

  it('takes no client id or reward mint for a scheduled row', () => {
    for (const id of ['emission-1', 'tg-daily:c:u:2026-01-01', 'emission/c/x1/0', 'emission/c/d1/0/extra']) {
      expect(scheduledRowKind(id)).toBeNull();
    }
  });
});
