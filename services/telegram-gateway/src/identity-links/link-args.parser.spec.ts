import { UserFacingError } from '../errors/user-facing.error';
import { parseLinkProvider } from './link-args.parser';

const refusal = (args: string) => {
  try {
    parseLinkProvider(args);
  } catch (error) {
    if (error instanceof UserFacingError) return { key: error.key, params: error.params };
    throw error;
  }
  throw new Error(`accepted: ${args}`);
};

describe('parseLinkProvider', () => {
  it('reads one game name, in lower case', () => {
    expect(parseLinkProvider('minecraft')).toBe('minecraft');
    expect(parseLinkProvider('  Minecraft ')).toBe('minecraft');
    expect(parseLinkProvider('steam_2')).toBe('steam_2');
  });

  it('refuses no name, two names, Telegram and a name that is not a provider', () => {
    expect(refusal('')).toEqual({ key: 'linkUsage', params: undefined });
    expect(refusal('minecraft steve')).toEqual({ key: 'linkUsage', params: undefined });
    expect(refusal('Telegram')).toEqual({ key: 'linkTelegram', params: undefined });
    expect(refusal('mine.craft')).toEqual({ key: 'linkBadProvider', params: { given: 'mine.craft' } });
    expect(refusal('9lives')).toEqual({ key: 'linkBadProvider', params: { given: '9lives' } });
    expect(refusal('x'.repeat(40))).toEqual({
      key: 'linkBadProvider',
      params: { given: `${'x'.repeat(32)}…` },
    });
  });
});
