import { createHmac } from 'node:crypto';
import { newWebhookSecret, signatureHeader, verifySignature } from './webhook.signature';

describe('webhook signatures', () => {
  const secret = newWebhookSecret();
  const body = JSON.stringify({ id: 'e1', type: 'tk.evt.ledger.transfer.posted' });
  const t = 1_780_000_000;

  it('signs "<t>.<body>" with HMAC-SHA256, as documented', () => {
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(signatureHeader(secret, t, body)).toBe(`t=${t},v1=${expected}`);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
  });

  it('verifies its own signature and refuses a changed body, another secret or an old timestamp', () => {
    const header = signatureHeader(secret, t, body);
    expect(verifySignature(secret, header, body, t + 10)).toBe(true);
    expect(verifySignature(secret, header, `${body} `, t)).toBe(false);
    expect(verifySignature(newWebhookSecret(), header, body, t)).toBe(false);
    expect(verifySignature(secret, header, body, t + 301)).toBe(false);
  });

  it('refuses malformed headers without throwing', () => {
    for (const header of ['', 't=1', 'v1=abc', `t=x,v1=${'0'.repeat(64)}`, `t=${t},v1=zz`, 'garbage']) {
      expect(verifySignature(secret, header, body, t)).toBe(false);
    }
  });
});
