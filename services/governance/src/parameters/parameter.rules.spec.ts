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

  it('bounds emission and shares by their own largest change, from no emission too', () => {
    const fixed = GOVERNED_PARAMETERS['emission.fixedAmount'];
    expect(proposedValueRefusal('emission.fixedAmount', 0, fixed.changeMax)).toBeNull();
    expect(proposedValueRefusal('emission.fixedAmount', 0, fixed.changeMax + 1)).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      details: { min: 0, max: fixed.changeMax },
    });
    expect(proposedValueRefusal('emission.rateBps', 0, 1_001)).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(proposedValueRefusal('distribution.earnedShareBps', 0, 1_001)).toMatchObject({
      code: 'LIMIT_EXCEEDED',
    });
  });

  it('takes a grant of any amount within its bounds (it has no current value)', () => {
    const grant = GOVERNED_PARAMETERS['treasury.grant'];
    expect(proposedValueRefusal('treasury.grant', null, grant.max)).toBeNull();
    expect(proposedValueRefusal('treasury.grant', null, 0)).toMatchObject({ code: 'VALIDATION_FAILED' });
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

  it('asks the supermajority for any grant, and to raise emission, but not to set a first supply cap', () => {
    expect(thresholdFor('treasury.grant', null, 1, settings)).toBe(6_667);
    expect(thresholdFor('emission.fixedAmount', 0, 100, settings)).toBe(6_667);
    expect(thresholdFor('emission.fixedAmount', 100, 0, settings)).toBe(5_001);
    expect(thresholdFor('emission.supplyCap', 1_000, 2_000, settings)).toBe(6_667);
    // No cap is unlimited: a first cap lowers it.
    expect(thresholdFor('emission.supplyCap', null, 2_000, settings)).toBe(5_001);
    expect(thresholdFor('distribution.basicIncomeShareBps', 0, 1_000, settings)).toBe(5_001);
  });

  it('asks the plain threshold of a parameter that is not strict, either way', () => {
    expect(thresholdFor('ledger.transferMin', 1, 5, settings)).toBe(5_001);
    expect(thresholdFor('ledger.dailySendMax', null, 5, settings)).toBe(5_001);
  });
});
