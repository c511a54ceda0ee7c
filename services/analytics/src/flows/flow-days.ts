import { NO_FLOWS, type FlowDay } from '@ticketonomics/contracts';
import { DAY_MS } from '../series/time-buckets';
import type { FlowDayRow } from './flows.store';

/**
 * Every UTC day of the window [fromMs, fromMs + days), oldest first, from the days stored: a day without
 * rows moved nothing, and its supply and treasury are those the day before ended with (0 before any).
 */
export function fillFlowDays(
  stored: readonly FlowDayRow[],
  previous: FlowDayRow | null,
  fromMs: number,
  days: number,
): FlowDay[] {
  const byStart = new Map(stored.map((row) => [row.startMs, row]));
  let closing = { supply: previous?.supply ?? 0, treasury: previous?.treasury ?? 0 };
  const filled: FlowDay[] = [];
  for (let index = 0; index < days; index += 1) {
    const startMs = fromMs + index * DAY_MS;
    const row = byStart.get(startMs);
    if (row !== undefined) closing = { supply: row.supply, treasury: row.treasury };
    const {
      startMs: _start,
      supply: _supply,
      treasury: _treasury,
      ...flows
    } = row ?? {
      startMs,
      ...NO_FLOWS,
      ...closing,
    };
    filled.push({ day: new Date(startMs).toISOString().slice(0, 10), ...flows, ...closing });
  }
  return filled;
}
