import { AMOUNT_MAX, GOVERNED_PARAMETERS } from '@ticketonomics/contracts';
import { proposedValueRefusal, thresholdFor } from './parameter.rules';

const tax = GOVERNED_PARAMETERS['ledger.taxBps'];

describe('proposedValueRefusal', () => {
  it('takes a value inside the bounds and at exactly the largest change either way', () => {
    expect(proposedValueRefusal('ledger.taxBps', 200, 200 + tax.changeMax)).toBeNull();
    expect(proposedValueRefusal('ledger.taxBps', 1_000, 1_000 - tax.changeMax)).toBeNull();
    expect(proposedValueRefusal('ledger.taxBps', tax.max - 1, tax.max)).toBeNull();
  });

  it('refuses a value outside the bounds as VALIDATION_FAILED on value', () => {
    for (const value of [tax.max + 1, -1]) {
      expect(proposedValueRefusal('ledger.taxBps', 200, value)).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { field: 'value' },
      });
    }
    expect(proposedValueRefusal('ledger.transferMin', 1, 0)).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('refuses the current value itself: a proposal changes something', () => {
    expect(proposedValueRefusal('ledger.taxBps', 200, 200)).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('refuses one step past the largest change as LIMIT_EXCEEDED, naming the range allowed', () => {
    expect(proposedValueRefusal('ledger.taxBps', 200, 200 + tax.changeMax + 1)).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      details: { field: 'value', limit: tax.changeMax, min: 0, max: 200 + tax.changeMax },
    });
  });

  it('has no largest change from none or from a value outside the bounds', () => {
    expect(proposedValueRefusal('ledger.dailySendMax', null, 5_000_000)).toBeNull();
    expect(proposedValueRefusal('ledger.transferMax', AMOUNT_MAX, 1_000)).toBeNull();
  });
});

describe('thresholdFor', () => {
  const settings = { thresholdBps: 5_001, raiseThresholdBps: 6_667 };

  it('asks the supermajority to raise a strict parameter, the plain threshold to lower it', () => {
    expect(thresholdFor('ledger.taxBps', 200, 201, settings)).toBe(6_667);
    expect(thresholdFor('ledger.taxBps', 200, 199, settings)).toBe(5_001);
    expect(thresholdFor('rewards.messageReward', 1, 2, settings)).toBe(6_667);
  });

  it('asks the plain threshold of a parameter that is not strict, either way', () => {
    expect(thresholdFor('ledger.transferMin', 1, 5, settings)).toBe(5_001);
    expect(thresholdFor('ledger.dailySendMax', null, 5, settings)).toBe(5_001);
  });
});
