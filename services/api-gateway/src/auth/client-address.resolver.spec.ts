import type { IncomingMessage } from 'node:http';
import { addressGroup, clientAddress } from './client-address.resolver';

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
});

describe('addressGroup', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['2001:db8:1:2:aaaa::1', '2001:db8:1:2::/64'],
    ['2001:0DB8:0001:0002:ffff:ffff:ffff:ffff', '2001:db8:1:2::/64'],
    ['2001:db8::', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7:8:9'],
    ['1::2::3', '1::2::3'],
    ['unknown', 'unknown'],
  ])('%s counts as %s', (address, group) => {
    expect(addressGroup(address)).toBe(group);
  });
});
