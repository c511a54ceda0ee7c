import { LinkCodeIssuedSchema, LinkCodeSchema } from '@ticketonomics/contracts';
import { hashLinkCode, newLinkCode } from './link-code.secret';

describe('link codes', () => {
  it('makes codes in the published shape, different each time', () => {
    const codes = new Set(Array.from({ length: 200 }, () => newLinkCode()));
    expect(codes.size).toBe(200);
    for (const code of codes) {
      expect(LinkCodeIssuedSchema.shape.code.safeParse(code).success).toBe(true);
      expect(LinkCodeSchema.safeParse(code).success).toBe(true);
    }
  });

  it('hashes a code as typed to the digest of the code it stands for', () => {
    const code = newLinkCode();
    expect(hashLinkCode(code)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashLinkCode(code.toLowerCase())).toBe(hashLinkCode(code));
    expect(hashLinkCode(code.replace('-', ''))).toBe(hashLinkCode(code));
    expect(hashLinkCode('0000-0000')).toBe(hashLinkCode('oooo-OOOO'));
    expect(hashLinkCode('K7Q2-9XF3')).not.toBe(hashLinkCode('K7Q2-9XF4'));
  });
});
