import fc from 'fast-check';
import { AMOUNT_MAX } from '@ticketonomics/contracts';
import { demurrageFee } from './demurrage';

describe('demurrageFee', () => {
  it('never takes a balance below the threshold, below zero, or below what holds reserve', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: AMOUNT_MAX }),
        fc.integer({ min: 1, max: 1_000 }),
        fc.integer({ min: 0, max: AMOUNT_MAX }),
        fc.integer({ min: 0, max: AMOUNT_MAX }),
        (thresholdAmount, rateBps, balance, held) => {
          const pendingDebits = Math.min(held, balance);
          const fee = demurrageFee({ thresholdAmount, rateBps }, balance, pendingDebits);
          expect(Number.isSafeInteger(fee)).toBe(true);
          expect(fee).toBeGreaterThanOrEqual(0);
          expect(balance - fee).toBeGreaterThanOrEqual(0);
          expect(balance - fee).toBeGreaterThanOrEqual(Math.min(balance, thresholdAmount));
          expect(balance - fee).toBeGreaterThanOrEqual(pendingDebits);
        },
      ),
    );
  });

  it('takes rateBps of what lies above the threshold, rounded down', () => {
    expect(demurrageFee({ thresholdAmount: 100, rateBps: 100 }, 1_100, 0)).toBe(10);
    expect(demurrageFee({ thresholdAmount: 100, rateBps: 100 }, 199, 0)).toBe(0);
    expect(demurrageFee({ thresholdAmount: 100, rateBps: 100 }, 50, 0)).toBe(0);
    // Held funds are not taken: only 3 of the 10 are free.
    expect(demurrageFee({ thresholdAmount: 0, rateBps: 1_000 }, 100, 97)).toBe(3);
  });
});
