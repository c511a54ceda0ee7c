import { signSessionToken, verifySessionToken, type SessionClaims } from './session.token';

const SECRET = 'test-session-secret-of-at-least-32-characters';
const NOW_MS = Date.parse('2026-12-04T09:00:00Z');
const CLAIMS: SessionClaims = {
  sid: 'Qm3VbT8pLr5Nc0Wj',
  uid: '01JQ3V8K2M4N6P8R0T2W4Y6Z8A',
  tg: '5012345678',
  exp: NOW_MS + 15 * 60_000,
  max: NOW_MS + 12 * 3_600_000,
};

describe('session tokens', () => {
  it('verify with the secret that signed them, until they expire', () => {
    const token = signSessionToken(CLAIMS, SECRET);
    expect(token.startsWith('tkm1.')).toBe(true);
    expect(verifySessionToken(token, SECRET, NOW_MS)).toEqual({ ok: true, claims: CLAIMS });
    expect(verifySessionToken(token, SECRET, CLAIMS.exp)).toEqual({ ok: false, refusal: 'expired' });
  });

  it('refuse another secret, altered claims, a cut signature and what is not a token', () => {
    const token = signSessionToken(CLAIMS, SECRET);
    expect(verifySessionToken(token, `${SECRET}!`, NOW_MS)).toEqual({ ok: false, refusal: 'invalid' });
    const [prefix, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...CLAIMS, uid: '01JQ3V8K2M4N6P8R0T2W4Y6Z8B' })).toString(
      'base64url',
    );
    expect(verifySessionToken(`${prefix}.${forged}.${signature}`, SECRET, NOW_MS)).toEqual({
      ok: false,
      refusal: 'invalid',
    });
    expect(verifySessionToken(token.slice(0, -2), SECRET, NOW_MS)).toEqual({ ok: false, refusal: 'invalid' });
    expect(verifySessionToken('tk_abc.def', SECRET, NOW_MS)).toEqual({ ok: false, refusal: 'invalid' });
    expect(verifySessionToken('', SECRET, NOW_MS)).toEqual({ ok: false, refusal: 'invalid' });
  });

  it('refuse well-signed claims of the wrong shape', () => {
    const bad = signSessionToken({ ...CLAIMS, uid: 'ann' }, SECRET);
    expect(verifySessionToken(bad, SECRET, NOW_MS)).toEqual({ ok: false, refusal: 'invalid' });
  });
});
