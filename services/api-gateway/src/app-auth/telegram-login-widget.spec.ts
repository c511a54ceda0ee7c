import { createHash, createHmac } from 'node:crypto';
import { verifyLoginWidget, type LoginWidgetPayload } from './telegram-login-widget';

const BOT_TOKEN = '7012345678:AAHk2x9Qm3VbT8pLr5Nc0WjZyE4uFsD1gOi';
const NOW_MS = Date.parse('2026-12-04T09:00:00Z');
const NOW_S = NOW_MS / 1000;
const options = { botToken: BOT_TOKEN, maxAgeMs: 5 * 60_000, nowMs: NOW_MS };

/** The widget's payload as Telegram signs it: secret SHA256(token), hex HMAC of the sorted key=value lines. */
function signedPayload(fields: Omit<LoginWidgetPayload, 'hash'>, botToken = BOT_TOKEN): LoginWidgetPayload {
  const checkString = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${String(value)}`)
    .sort()
    .join('\n');
  const secret = createHash('sha256').update(botToken).digest();
  return { ...fields, hash: createHmac('sha256', secret).update(checkString).digest('hex') };
}

const FIELDS = {
  id: 5012345678,
  first_name: 'Ann',
  last_name: 'Marsh',
  username: 'annmarsh',
  photo_url: 'https://t.me/i/userpic/320/annmarsh.jpg',
  auth_date: NOW_S - 30,
};

describe('verifyLoginWidget', () => {
  it('accepts a payload signed with the bot token, with or without the optional fields', () => {
    const payload = signedPayload(FIELDS);
    expect(verifyLoginWidget(payload, options)).toEqual({
      ok: true,
      value: { telegramUserId: '5012345678', authDateS: NOW_S - 30, hash: payload.hash },
    });
    const minimal = signedPayload({ id: 5012345678, first_name: 'Ann', auth_date: NOW_S });
    expect(verifyLoginWidget(minimal, options).ok).toBe(true);
  });

  it('refuses an altered field', () => {
    const payload = signedPayload(FIELDS);
    expect(verifyLoginWidget({ ...payload, id: 5012345679 }, options)).toEqual({
      ok: false,
      refusal: 'bad_hash',
    });
    expect(verifyLoginWidget({ ...payload, username: 'bobkeller' }, options)).toEqual({
      ok: false,
      refusal: 'bad_hash',
    });
  });

  it("refuses a payload signed with another bot's token, or with the Mini App's rule", () => {
    const other = signedPayload(FIELDS, '7099999999:BBHk2x9Qm3VbT8pLr5Nc0WjZyE4uFsD1gOi');
    expect(verifyLoginWidget(other, options)).toEqual({ ok: false, refusal: 'bad_hash' });
    const webAppSecret = createHmac('sha256', 'WebAppData').update(BOT_TOKEN).digest();
    const checkString = `auth_date=${FIELDS.auth_date}\nfirst_name=Ann\nid=5012345678`;
    const webAppHash = createHmac('sha256', webAppSecret).update(checkString).digest('hex');
    expect(
      verifyLoginWidget(
        { id: 5012345678, first_name: 'Ann', auth_date: FIELDS.auth_date, hash: webAppHash },
        options,
      ),
    ).toEqual({ ok: false, refusal: 'bad_hash' });
  });

  it('refuses an expired or future auth_date', () => {
    expect(verifyLoginWidget(signedPayload({ ...FIELDS, auth_date: NOW_S - 301 }), options)).toEqual({
      ok: false,
      refusal: 'expired',
    });
    expect(verifyLoginWidget(signedPayload({ ...FIELDS, auth_date: NOW_S + 600 }), options)).toEqual({
      ok: false,
      refusal: 'future',
    });
  });
});
