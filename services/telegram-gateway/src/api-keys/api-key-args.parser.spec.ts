import { UserFacingError } from '../errors/user-facing.error';
import { parseApiKeyArgs, SCOPES_TEXT } from './api-key-args.parser';

const KEY_ID = '01KB3A5K7Q2W3E4R5T6Y7Z8A9B';

function refusal(args: string): { key: string; params: unknown } {
  try {
    parseApiKeyArgs(args);
  } catch (error) {
    expect(error).toBeInstanceOf(UserFacingError);
    const { key, params } = error as UserFacingError;
    return { key, params };
  }
  throw new Error(`accepted ${args}`);
}

describe('parseApiKeyArgs', () => {
  it.each([
    ['create Game read', { action: 'create', name: 'Game', scopes: ['read'] }],
    [
      'create Game server read,transfer',
      { action: 'create', name: 'Game server', scopes: ['read', 'transfer'] },
    ],
    [
      'CREATE  Game server   READ, Transfer ,admin',
      { action: 'create', name: 'Game server', scopes: ['read', 'transfer', 'admin'] },
    ],
    ['create Bot reward,reward', { action: 'create', name: 'Bot', scopes: ['reward'] }],
    ['list', { action: 'list' }],
    ['List all', { action: 'list' }],
    [`revoke ${KEY_ID}`, { action: 'revoke', keyId: KEY_ID }],
    [`revoke ${KEY_ID.toLowerCase()}`, { action: 'revoke', keyId: KEY_ID }],
  ])('%j', (args, parsed) => {
    expect(parseApiKeyArgs(args)).toEqual(parsed);
  });

  it.each([
    ['', 'apiKeyUsage', { scopes: SCOPES_TEXT }],
    ['show', 'apiKeyUsage', { scopes: SCOPES_TEXT }],
    ['revoke', 'apiKeyUsage', { scopes: SCOPES_TEXT }],
    ['create', 'apiKeyNameMissing', { scopes: SCOPES_TEXT }],
    ['create read,transfer', 'apiKeyNameMissing', { scopes: SCOPES_TEXT }],
    ['create Game server', 'apiKeyBadScope', { given: 'server', scopes: SCOPES_TEXT }],
    ['create Game read,write', 'apiKeyBadScope', { given: 'write', scopes: SCOPES_TEXT }],
    [`create ${'n'.repeat(65)} read`, 'apiKeyNameTooLong', { max: 64 }],
    ['revoke 42', 'apiKeyBadId', { given: '42' }],
    [`revoke tk_${KEY_ID}_secret`, 'apiKeyBadId', { given: `${`tk_${KEY_ID}_secret`.slice(0, 32)}…` }],
  ])('refuses %j with %s', (args, key, params) => {
    expect(refusal(args)).toEqual({ key, params });
  });
});
