import { UserFacingError } from '../errors/user-facing.error';
import { parseTopArgs, TOP_USAGE } from './top-args.parser';

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
