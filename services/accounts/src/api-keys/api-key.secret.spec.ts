import { apiKeyProof, apiKeySecretHash, parseApiKey } from '@ticketonomics/contracts';
import { hashMatches, newApiKey } from './api-key.secret';

const KEY_ID = '01KB3A5K7Q2W3E4R5T6Y7Z8A9B';

describe('API key secrets', () => {
  it('makes a well-formed key whose prefix starts it and whose hash is not the secret', () => {
    const made = newApiKey(KEY_ID);
    const parsed = parseApiKey(made.key);
    expect(parsed?.keyId).toBe(KEY_ID);
    expect(made.key.startsWith(made.prefix)).toBe(true);
    expect(made.prefix).toHaveLength(`tk_${KEY_ID}_`.length + 4);
    expect(made.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(made.secretHash).not.toContain(parsed!.secret);
  });

  it('stores the hash a gateway sends for the key, so the proof matches', () => {
    const made = newApiKey(KEY_ID);
    expect(apiKeyProof(made.key)).toEqual({ keyId: KEY_ID, secretHash: made.secretHash });
    expect(hashMatches(apiKeyProof(made.key)!.secretHash, made.secretHash)).toBe(true);
  });

  it('never makes the same secret twice', () => {
    const keys = new Set(Array.from({ length: 100 }, () => newApiKey(KEY_ID).key));
    expect(keys.size).toBe(100);
  });

  it('refuses another hash, and a stored hash of another shape, without throwing', () => {
    const made = newApiKey(KEY_ID);
    const other = apiKeyProof(newApiKey(KEY_ID).key)!.secretHash;
    expect(hashMatches(other, made.secretHash)).toBe(false);
    expect(hashMatches(other, 'abc')).toBe(false);
    expect(hashMatches('', '')).toBe(false);
    expect(hashMatches('', apiKeySecretHash('x'))).toBe(false);
  });
});
