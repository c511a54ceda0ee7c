import type { IncomingMessage } from 'node:http';
import { addressLimitKey } from '../shared/address-limit.key';
import { clientAddress } from './client-address.resolver';

const request = (peer: string | undefined, forwardedFor?: string | string[]) =>
  ({
    socket: { remoteAddress: peer },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  }) as unknown as IncomingMessage;

describe('clientAddress', () => {
  it('takes the TCP peer and ignores X-Forwarded-For when no proxy is trusted', () => {
    expect(clientAddress(request('10.0.0.5', '203.0.113.7'), 0)).toBe('10.0.0.5');
  });

  it('walks X-Forwarded-For from the right, one entry per trusted hop', () => {
    const forged = request('10.0.0.5', '6.6.6.6, 203.0.113.7, 10.0.0.9');
    expect(clientAddress(forged, 1)).toBe('10.0.0.9');
    expect(clientAddress(forged, 2)).toBe('203.0.113.7');
    expect(clientAddress(request('10.0.0.5', ['198.51.100.1', '203.0.113.7']), 1)).toBe('203.0.113.7');
  });

  it('stops at the furthest entry there is, and never fails on a missing peer or header', () => {
    expect(clientAddress(request('10.0.0.5', '203.0.113.7'), 5)).toBe('203.0.113.7');
    expect(clientAddress(request('10.0.0.5'), 1)).toBe('10.0.0.5');
    expect(clientAddress(request(undefined), 0)).toBe('unknown');
    expect(clientAddress(request('10.0.0.5', ` ${'x'.repeat(500)} `), 1)).toHaveLength(64);
  });

  it('hands IPv6 peers and entries on whole, whatever their spelling, for the limit key to read', () => {
    const spellings = ['2001:db8:1:2::7', '[2001:DB8:1:2::8]', '2001:0db8:0001:0002:0:0:0:9', 'fe80::1%eth0'];
    const seen = spellings.map((entry) => clientAddress(request('10.0.0.5', `203.0.113.7, ${entry}`), 1));
    expect(seen).toEqual(spellings);
    expect(seen.map(addressLimitKey)).toEqual([
      '2001:db8:1:2::/64',
      '2001:db8:1:2::/64',
      '2001:db8:1:2::/64',
      'fe80:0:0:0::/64',
    ]);
    expect(clientAddress(request('::ffff:10.0.0.5'), 0)).toBe('::ffff:10.0.0.5');
    expect(addressLimitKey(clientAddress(request('::ffff:10.0.0.5', '::ffff:a00:9'), 1))).toBe('10.0.0.9');
    expect(addressLimitKey(clientAddress(request('[::1]'), 0))).toBe(addressLimitKey('::1'));
  });
});
