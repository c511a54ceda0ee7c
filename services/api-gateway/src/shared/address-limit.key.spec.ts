import { addressLimitKey } from './address-limit.key';

describe('addressLimitKey', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['::FFFF:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:aaaa::1', '2001:db8:1:2::/64'],
    ['2001:0DB8:0001:0002:ffff:ffff:ffff:ffff', '2001:db8:1:2::/64'],
    ['2001:db8::', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    // Other spellings of the same addresses: brackets, zones, hex IPv4-mapped, expanded or compressed.
    ['::ffff:10.0.0.1', '10.0.0.1'],
    ['::ffff:a00:1', '10.0.0.1'],
    ['0:0:0:0:0:ffff:a00:1', '10.0.0.1'],
    ['[::ffff:10.0.0.1]', '10.0.0.1'],
    ['[::1]', '0:0:0:0::/64'],
    ['[fe80::1%eth0]', 'fe80:0:0:0::/64'],
    ['[2001:db8:1:2::7]', '2001:db8:1:2::/64'],
    ['2001:db8:0:0:1::1', '2001:db8:0:0::/64'],
    ['2001:db8::1:0:0:1', '2001:db8:0:0::/64'],
    ['1::4:5:6:7:8', '1:0:0:4::/64'],
    ['1:2:3::8', '1:2:3:0::/64'],
    ['::1.2.3.4', '0:0:0:0::/64'],
    ['1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7:8:9'],
    ['[::1]:443', '[::1]:443'],
    ['01.2.3.4', '01.2.3.4'],
    ['1::2::3', '1::2::3'],
    ['unknown', 'unknown'],
  ])('%s counts as %s', (address, key) => {
    expect(addressLimitKey(address)).toBe(key);
  });

  it('gives every address of one IPv6 /64 the same key, and neighbouring /64s and IPv4 addresses their own', () => {
    const sameNetwork = ['2001:db8:1:2::1', '2001:db8:1:2::2', '2001:db8:1:2:ffff:ffff:ffff:ffff'];
    expect(new Set(sameNetwork.map(addressLimitKey)).size).toBe(1);
    expect(addressLimitKey('2001:db8:1:3::1')).not.toBe(addressLimitKey('2001:db8:1:2::1'));
    expect(addressLimitKey('203.0.113.7')).not.toBe(addressLimitKey('203.0.113.8'));
  });
});
