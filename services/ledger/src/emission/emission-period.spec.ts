import {
  firstPeriodFrom,
  lastCompletedPeriod,
  periodEnd,
  periodIndexAt,
  periodStart,
} from './emission-period';

const at = (iso: string) => Date.parse(iso);

describe('emission periods', () => {
  it('are UTC-aligned hours, days and Monday-based weeks', () => {
    expect(
      new Date(periodStart('hour', periodIndexAt('hour', at('2026-12-04T03:59:59.999Z')))).toISOString(),
    ).toBe('2026-12-04T03:00:00.000Z');
    expect(new Date(periodStart('day', periodIndexAt('day', at('2026-12-04T23:00:00Z')))).toISOString()).toBe(
      '2026-12-04T00:00:00.000Z',
    );
    // 2026-12-04 is a Friday; its week began on Monday 2026-11-30.
    const week = periodIndexAt('week', at('2026-12-04T12:00:00Z'));
    expect(new Date(periodStart('week', week)).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(new Date(periodEnd('week', week)).toISOString()).toBe('2026-12-07T00:00:00.000Z');
    expect(periodIndexAt('week', at('2026-11-30T00:00:00Z'))).toBe(week);
    expect(periodIndexAt('week', at('2026-11-29T23:59:59.999Z'))).toBe(week - 1);
  });

  it('start at the first whole period and complete only once ended', () => {
    const exact = at('2026-12-04T03:00:00Z');
    expect(firstPeriodFrom('hour', exact)).toBe(periodIndexAt('hour', exact));
    expect(firstPeriodFrom('hour', exact + 1)).toBe(periodIndexAt('hour', exact) + 1);
    expect(lastCompletedPeriod('hour', exact)).toBe(periodIndexAt('hour', exact) - 1);
    expect(lastCompletedPeriod('hour', exact - 1)).toBe(periodIndexAt('hour', exact) - 2);
  });
});
