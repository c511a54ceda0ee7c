import { dayStart, hourStart, isoWeekStart } from './time-buckets';

const ms = (iso: string) => Date.parse(iso);

describe('time buckets (UTC)', () => {
  it('cuts hours and days', () => {
    expect(hourStart(ms('2026-03-04T05:59:59.999Z'))).toBe(ms('2026-03-04T05:00:00Z'));
    expect(hourStart(ms('2026-03-04T06:00:00Z'))).toBe(ms('2026-03-04T06:00:00Z'));
    expect(dayStart(ms('2026-03-04T23:59:59.999Z'))).toBe(ms('2026-03-04T00:00:00Z'));
  });

  it('starts ISO weeks on Monday 00:00 UTC', () => {
    // 2026-03-02 is a Monday, 2026-03-08 a Sunday.
    expect(isoWeekStart(ms('2026-03-02T00:00:00Z'))).toBe(ms('2026-03-02T00:00:00Z'));
    expect(isoWeekStart(ms('2026-03-04T12:00:00Z'))).toBe(ms('2026-03-02T00:00:00Z'));
    expect(isoWeekStart(ms('2026-03-08T23:59:59Z'))).toBe(ms('2026-03-02T00:00:00Z'));
    expect(isoWeekStart(ms('2026-03-09T00:00:00Z'))).toBe(ms('2026-03-09T00:00:00Z'));
    // Across a year: 2027-01-01 is a Friday of the week starting Monday 2026-12-28.
    expect(isoWeekStart(ms('2027-01-01T08:00:00Z'))).toBe(ms('2026-12-28T00:00:00Z'));
  });
});
