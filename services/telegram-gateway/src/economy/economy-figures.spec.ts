import { formatRatio } from './economy-figures';

describe('formatRatio', () => {
  it('shows two decimals with the decimal mark asked for', () => {
    expect(formatRatio(0, '.')).toBe('0.00');
    expect(formatRatio(0.421337, '.')).toBe('0.42');
    expect(formatRatio(0.426, ',')).toBe('0,43');
    expect(formatRatio(12.5, ',')).toBe('12,50');
  });
});
