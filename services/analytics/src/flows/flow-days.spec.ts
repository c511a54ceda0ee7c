import { NO_FLOWS } from '@ticketonomics/contracts';
import { fillFlowDays } from './flow-days';
import type { FlowDayRow } from './flows.store';

const DAY_MS = 86_400_000;
const MAR_1 = Date.UTC(2026, 2, 1);
const stored = (day: number, fields: Partial<FlowDayRow>): FlowDayRow => ({
  startMs: MAR_1 + day * DAY_MS,
  ...NO_FLOWS,
  supply: 0,
  treasury: 0,
  ...fields,
});

describe('fillFlowDays', () => {
  it('gives every day of the window, a quiet one with the closing supply and treasury of the day before', () => {
    const days = fillFlowDays(
      [
        stored(1, { minted: 10, supply: 110, treasury: 5 }),
        stored(3, { burned: 4, supply: 106, treasury: 5 }),
      ],
      stored(-3, { supply: 100, treasury: 2 }),
      MAR_1,
      4,
    );
    expect(days).toEqual([
      { day: '2026-03-01', ...NO_FLOWS, supply: 100, treasury: 2 },
      { day: '2026-03-02', ...NO_FLOWS, minted: 10, supply: 110, treasury: 5 },
      { day: '2026-03-03', ...NO_FLOWS, supply: 110, treasury: 5 },
      { day: '2026-03-04', ...NO_FLOWS, burned: 4, supply: 106, treasury: 5 },
    ]);
  });

  it('starts from nothing when no day came before', () => {
    expect(fillFlowDays([], null, MAR_1, 1)).toEqual([
      { day: '2026-03-01', ...NO_FLOWS, supply: 0, treasury: 0 },
    ]);
  });

  it('keeps every flow of a stored day as it is', () => {
    const flows = { emitted: 1, rewarded: 2, rewardsMinted: 3, minted: 4, taxed: 5, burned: 6 };
    expect(fillFlowDays([stored(0, { ...flows, supply: 9, treasury: 8 })], null, MAR_1, 1)).toEqual([
      { day: '2026-03-01', ...flows, supply: 9, treasury: 8 },
    ]);
  });
});
