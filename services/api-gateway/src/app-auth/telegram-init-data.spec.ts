import { createHmac } from 'node:crypto';
import { verifyInitData } from './telegram-init-data';

const BOT_TOKEN = '7012345678:AAHk2x9Qm3VbT8pLr5Nc0WjZyE4uFsD1gOi';
const NOW_MS = Date.parse('2026-12-04T09:00:00Z');
const NOW_S = NOW_MS / 1000;
const MAX_AGE_MS = 5 * 60_000;

/** initData as Telegram makes it, computed here from the published rule (not with the code under test). */
function signedInitData(fields: Record<string, string>, botToken = BOT_TOKEN): string {
  const checkString = Object.keys(fields)
    .sort()
    .map((key) => `${key}=${fields[key]}`)
    .join('\n');
  const secret = createHmac('sha256', 'WebAppData').update(botToken).digest();
  const hash = createHmac('sha256', secret).update(checkString).digest('hex');
  return new URLSearchParams({ ...fields, hash }).toString();
}

const USER = JSON.stringify({ id: 5012345678, first_name: 'Ann', username: 'annmarsh', language_code: 'ru' });
const FIELDS = {
  query_id: 'AAHdF6IQAAAAAN0XohDhrOrc',
  user: USER,
  auth_date: String(NOW_S - 60),
  start_param: 'demo-town',
  signature: 'x3Q9yZ_kP2vM',
};
const options = { botToken: BOT_TOKEN, maxAgeMs: MAX_AGE_MS, nowMs: NOW_MS };

describe('verifyInitData', () => {
  it('accepts initData signed with the bot token, and reads the user, auth_date and start_param', () => {
    const initData = signedInitData(FIELDS);
    const check = verifyInitData(initData, options);
    expect(check).toEqual({
      ok: true,
      value: {
        telegramUserId: '5012345678',
        languageCode: 'ru',
        authDateS: NOW_S - 60,
        startParam: 'demo-town',
        hash: new URLSearchParams(initData).get('hash'),
      },
    });
  });

  it('accepts initData without start_param (opened from the menu button)', () => {
    const { start_param: _omitted, ...fields } = FIELDS;
    const check = verifyInitData(signedInitData(fields), options);
    expect(check.ok && check.value.startParam).toBeNull();
  });

  it('refuses a field altered after signing', () => {
    const altered = new URLSearchParams(signedInitData(FIELDS));
    altered.set('user', USER.replace('5012345678', '5012345679'));
    expect(verifyInitData(altered.toString(), options)).toEqual({ ok: false, refusal: 'bad_hash' });
    const moved = new URLSearchParams(signedInitData(FIELDS));
    moved.set('start_param', 'harbor');
    expect(verifyInitData(moved.toString(), options)).toEqual({ ok: false, refusal: 'bad_hash' });
  });

  it('refuses a field added after signing', () => {
    const added = `${signedInitData(FIELDS)}&chat_type=private`;
    expect(verifyInitData(added, options)).toEqual({ ok: false, refusal: 'bad_hash' });
  });

  it("refuses initData signed with another bot's token", () => {
    const other = signedInitData(FIELDS, '7099999999:BBHk2x9Qm3VbT8pLr5Nc0WjZyE4uFsD1gOi');
    expect(verifyInitData(other, options)).toEqual({ ok: false, refusal: 'bad_hash' });
  });

  it('refuses initData older than the allowed age, and accepts it just within', () => {
    const old = signedInitData({ ...FIELDS, auth_date: String(NOW_S - MAX_AGE_MS / 1000 - 1) });
    expect(verifyInitData(old, options)).toEqual({ ok: false, refusal: 'expired' });
    const edge = signedInitData({ ...FIELDS, auth_date: String(NOW_S - MAX_AGE_MS / 1000) });
    expect(verifyInitData(edge, options).ok).toBe(true);
  });

  it('refuses an auth_date in the future beyond the clock skew', () => {
    const future = signedInitData({ ...FIELDS, auth_date: String(NOW_S + 3600) });
    expect(verifyInitData(future, options)).toEqual({ ok: false, refusal: 'future' });
  });

  it('refuses malformed initData: no hash, no auth_date, a repeated field, a hash of another shape, no user', () => {
    const signed = signedInitData(FIELDS);
    const noHash = new URLSearchParams(signed);
    noHash.delete('hash');
    const noDate = new URLSearchParams(signed);
    noDate.delete('auth_date');
    const upper = new URLSearchParams(signed);
    upper.set('hash', upper.get('hash')!.toUpperCase());
    const { user: _user, ...withoutUser } = FIELDS;
    expect(verifyInitData(noHash.toString(), options)).toEqual({ ok: false, refusal: 'malformed' });
    expect(verifyInitData(noDate.toString(), options)).toEqual({ ok: false, refusal: 'malformed' });
    expect(verifyInitData(`${signed}&user=${encodeURIComponent(USER)}`, options)).toEqual({
      ok: false,
      refusal: 'malformed',
    });
    expect(verifyInitData(upper.toString(), options)).toEqual({ ok: false, refusal: 'bad_hash' });
    expect(verifyInitData(signedInitData(withoutUser), options)).toEqual({ ok: false, refusal: 'malformed' });
    expect(verifyInitData('', options)).toEqual({ ok: false, refusal: 'malformed' });
  });
});
