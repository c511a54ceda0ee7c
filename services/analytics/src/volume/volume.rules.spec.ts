import type { TransferCode } from '@ticketonomics/contracts';
import { movesMoney, velocity, velocityAmount } from './volume.rules';

describe('volume rules', () => {
  it('counts posted rows and settled holds as transfers, not holds or voids', () => {
    expect(movesMoney({ kind: 'posted' })).toBe(true);
    expect(movesMoney({ kind: 'post_pending' })).toBe(true);
    expect(movesMoney({ kind: 'pending' })).toBe(false);
    expect(movesMoney({ kind: 'void_pending' })).toBe(false);
  });

  it.each<[TransferCode, 'user' | 'escrow', number]>([
    ['payment', 'user', 40],
    ['tax', 'user', 40],
    ['purchase', 'user', 40],
    ['sale', 'escrow', 0],
    ['royalty', 'escrow', 0],
    ['mint', 'user', 0],
    ['burn', 'user', 0],
    ['reversal', 'user', 0],
  ])('velocity counts %s from a %s account as %i', (code, debitKind, expected) => {
    expect(velocityAmount({ code, amount: 40 }, debitKind)).toBe(expected);
  });

  it('divides by circulating, 0 when nothing circulates', () => {
    expect(velocity(150, 600)).toBe(0.25);
    expect(velocity(100, 300)).toBe(0.333333);
    expect(velocity(100, 0)).toBe(0);
    expect(velocity(0, 500)).toBe(0);
  });
});
