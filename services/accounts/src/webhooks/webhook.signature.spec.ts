import { createHmac } from 'node:crypto';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import {
  deliveryHeaders,
  legacySignatureHeader,
  newWebhookSecret,
  signingKey,
  standardSignatureHeader,
  verifyLegacySignature,
  type SignedDelivery,
} from './webhook.signature';

describe('webhook signatures', () => {
  const body = JSON.stringify({ id: 'e1', type: 'tk.evt.ledger.transfer.posted' });
  const t = 1_780_000_000;
  /** A secret as the service made them before Standard Webhooks: base64url, its whole text the key. */
  const legacySecret = 'whsec_Xk3-oDq_9rZ8b1sW0yQvT2uH5nJcL7aE4fG6iK8mPdR';

  describe('Standard Webhooks', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const delivery = (secret: string, secretFormat: SignedDelivery['secretFormat']): SignedDelivery => ({
      secret,
      secretFormat,
      eventId: 'e1',
      eventType: 'tk.evt.ledger.transfer.posted',
      timestampSec: now(),
      body,
    });

    it('makes whsec_ secrets of 32 random bytes in base64, the key being the decoded bytes', () => {
      const secret = newWebhookSecret();
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(signingKey(secret, 'standard')).toEqual(Buffer.from(secret.slice('whsec_'.length), 'base64'));
      expect(signingKey(secret, 'standard')).toHaveLength(32);
      expect(newWebhookSecret()).not.toBe(secret);
    });

    it('signs "<id>.<timestamp>.<body>" as the spec says, one v1 entry per key', () => {
      const keys = [signingKey(newWebhookSecret(), 'standard'), signingKey(newWebhookSecret(), 'standard')];
      const expected = keys.map(
        (key) => `v1,${createHmac('sha256', key).update(`e1.${t}.${body}`).digest('base64')}`,
      );
      expect(standardSignatureHeader(keys, 'e1', t, body)).toBe(expected.join(' '));
    });

    it('is accepted by the official library, which refuses a changed body or another secret', () => {
      const secret = newWebhookSecret();
      const headers = deliveryHeaders(delivery(secret, 'standard'));
      expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
      expect(() => new Webhook(secret).verify(`${body} `, headers)).toThrow(WebhookVerificationError);
      expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow(WebhookVerificationError);
    });

    it('signs with a legacy secret as a raw key, which the library takes with format: raw', () => {
      const headers = deliveryHeaders(delivery(legacySecret, 'legacy'));
      expect(new Webhook(legacySecret, { format: 'raw' }).verify(body, headers)).toEqual(JSON.parse(body));
      expect(() => new Webhook(legacySecret, { format: 'raw' }).verify(`${body} `, headers)).toThrow(
        WebhookVerificationError,
      );
    });

    it('also sends the deprecated headers, signed as before with the whole secret', () => {
      for (const [secret, format] of [
        [newWebhookSecret(), 'standard'],
        [legacySecret, 'legacy'],
      ] as const) {
        const signed = delivery(secret, format);
        const headers = deliveryHeaders(signed);
        expect(headers).toMatchObject({
          'webhook-id': 'e1',
          'webhook-timestamp': String(signed.timestampSec),
          'X-Ticketonomics-Event-Id': 'e1',
          'X-Ticketonomics-Event-Type': 'tk.evt.ledger.transfer.posted',
          'X-Ticketonomics-Timestamp': String(signed.timestampSec),
          'X-Ticketonomics-Signature': legacySignatureHeader(secret, signed.timestampSec, body),
        });
        expect(
          verifyLegacySignature(secret, headers['X-Ticketonomics-Signature']!, body, signed.timestampSec),
        ).toBe(true);
      }
    });
  });

  describe('the deprecated X-Ticketonomics-Signature', () => {
    it('signs "<t>.<body>" with HMAC-SHA256 keyed by the whole secret, as documented', () => {
      const expected = createHmac('sha256', legacySecret).update(`${t}.${body}`).digest('hex');
      expect(legacySignatureHeader(legacySecret, t, body)).toBe(`t=${t},v1=${expected}`);
    });

    it('verifies its own signature and refuses a changed body, another secret or an old timestamp', () => {
      const secret = newWebhookSecret();
      const header = legacySignatureHeader(secret, t, body);
      expect(verifyLegacySignature(secret, header, body, t + 10)).toBe(true);
      expect(verifyLegacySignature(secret, header, `${body} `, t)).toBe(false);
      expect(verifyLegacySignature(newWebhookSecret(), header, body, t)).toBe(false);
      expect(verifyLegacySignature(secret, header, body, t + 301)).toBe(false);
    });

    it('refuses malformed headers without throwing', () => {
      const secret = newWebhookSecret();
      for (const header of ['', 't=1', 'v1=abc', `t=x,v1=${'0'.repeat(64)}`, `t=${t},v1=zz`, 'garbage']) {
        expect(verifyLegacySignature(secret, header, body, t)).toBe(false);
      }
    });
  });
});
