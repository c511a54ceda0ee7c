import { nextProfile, profileChanged } from './users.service';
import { usernameKey, type UserRow } from './users.store';

const row: UserRow = {
  id: '01KB2Y6ZJ8ZQ0V7M3N4P5Q6R7S',
  username: 'Alice',
  displayName: 'Alice',
  language: 'en',
  createdAt: 1,
  updatedAt: 1,
};
const identity = { provider: 'telegram', externalId: '1' };

describe('user profile upserts', () => {
  it('keeps fields left out and clears the username only on null', () => {
    expect(nextProfile(row, { identity, displayName: 'Alice' })).toEqual(row);
    expect(nextProfile(row, { identity, displayName: 'Al', language: 'ru' })).toMatchObject({
      username: 'Alice',
      displayName: 'Al',
      language: 'ru',
    });
    expect(nextProfile(row, { identity, displayName: 'Alice', username: null }).username).toBeNull();
  });

  it('sees a change in any profile field, including the case of a username', () => {
    expect(profileChanged(row, { ...row, updatedAt: 2 })).toBe(false);
    expect(profileChanged(row, { ...row, username: 'alice' })).toBe(true);
    expect(profileChanged(row, { ...row, displayName: 'x' })).toBe(true);
    expect(profileChanged(row, { ...row, language: 'ru' })).toBe(true);
  });

  it('compares usernames without case and without a leading @', () => {
    expect(usernameKey('@BoB')).toBe('bob');
    expect(usernameKey('bob')).toBe(usernameKey('BOB'));
  });
});
