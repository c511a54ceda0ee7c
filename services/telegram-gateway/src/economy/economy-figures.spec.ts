import { UserFacingError } from '../errors/user-facing.error';
import { formatRatio, parseTopArgs, TOP_USAGE } from './economy-figures';

describe('parseTopArgs', () => {
  it.each([
    ['', 'holders'],
    ['  ', 'holders'],
    ['week', 'earners-week'],
    [' WEEK ', 'earners-week'],
    ['неделя', 'earners-week'],
  ] as const)('%j → %s', (args, board) => {
    expect(parseTopArgs(args)).toBe(board);
  });

  it.each(['month', 'week 2', '10'])('answers %j with the usage', (args) => {
    expect(() => parseTopArgs(args)).toThrow(UserFacingError);
    try {
      parseTopArgs(args);
    } catch (error) {
      expect(error).toMatchObject({ key: 'usage', params: { usage: TOP_USAGE } });
    }
  });
});

describe('formatRatio', () => {
  it('shows two decimals with the decimal mark asked for', () => {
    expect(formatRatio(0, '.')).toBe('0.00');
    expect(formatRatio(0.421337, '.')).toBe('0.42');
    expect(formatRatio(0.426, ',')).toBe('0,43');
    expect(formatRatio(12.5, ',')).toBe('12,50');
  });
});
