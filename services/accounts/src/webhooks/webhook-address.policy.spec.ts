import { privateAddressKind, refusedHostReason } from './webhook-address.policy';

describe('webhook address policy', () => {
  it.each([
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['100.64.0.1', 'shared (CGNAT)'],
    ['100.127.255.254', 'shared (CGNAT)'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.10', 'private'],
    ['224.0.0.251', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'reserved'],
  ])('refuses the IPv4 address %s (%s)', (address, kind) => {
    expect(privateAddressKind(address)).toBe(kind);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '100.63.255.255',
    '100.128.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '9.255.255.255',
    '192.169.0.1',
    '223.255.255.255',
  ])('lets the public IPv4 address %s through', (address) => {
    expect(privateAddressKind(address)).toBeNull();
  });

  it.each([
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['[::1]', 'loopback'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456:789a::1', 'unique-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'private'],
    ['ff02::1', 'multicast'],
    // IPv4-mapped, NAT64 and IPv4-compatible addresses reach the IPv4 address inside them.
    ['::ffff:127.0.0.1', 'loopback'],
    ['::FFFF:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:10.1.2.3', 'private'],
    ['64:ff9b::192.168.0.1', 'private'],
    ['::127.0.0.1', 'loopback'],
    // The same addresses in other spellings: hex tails, expanded, bracketed, with a zone, upper case.
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:a00:1', 'private'],
    ['[::ffff:10.0.0.1]', 'private'],
    ['0:0:0:0:0:ffff:7f00:1', 'loopback'],
    ['::ffff:0:0', 'unspecified'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['64:FF9B:0:0:0:0:C0A8:1', 'private'],
    ['::a00:1', 'private'],
    ['::2', 'unspecified'],
    ['0000:0000:0000:0000:0000:0000:0000:0000', 'unspecified'],
    ['[::1]', 'loopback'],
    ['[fe80::1%eth0]', 'link-local'],
    ['FE80:0000::0001%25en0', 'link-local'],
    ['fd00::', 'unique-local'],
    ['fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'unique-local'],
  ])('refuses the IPv6 address %s (%s)', (address, kind) => {
    expect(privateAddressKind(address)).toBe(kind);
  });

  it.each([
    '2001:4860:4860::8888',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::1.1.1.1',
    'fbff::1',
    'fe7f::1',
    '::ffff:808:808',
    '[2001:4860:4860::8888]',
    '64:ff9b::808:808',
    '2001:db8::1%eth0',
  ])('lets the public IPv6 address %s through', (address) => {
    expect(privateAddressKind(address)).toBeNull();
  });

  it('says nothing of what is not an IP address', () => {
    for (const value of ['', 'localhost', 'example.com', '999.1.1.1', '1.2.3', ':::', 'fe80::zz']) {
      expect(privateAddressKind(value)).toBeNull();
    }
  });

  it('refuses URL hosts that are private literals or local names, and names what they are', () => {
    expect(refusedHostReason('127.0.0.1')).toBe('127.0.0.1 is a loopback address');
    expect(refusedHostReason('[::1]')).toBe('::1 is a loopback address');
    expect(refusedHostReason('[::ffff:7f00:1]')).toBe('::ffff:7f00:1 is a loopback address');
    expect(refusedHostReason('169.254.169.254')).toBe('169.254.169.254 is a link-local address');
    expect(refusedHostReason('localhost')).toBe('localhost names a local host');
    expect(refusedHostReason('LOCALHOST.')).toBe('localhost names a local host');
    expect(refusedHostReason('api.localhost')).toBe('api.localhost names a local host');
    expect(refusedHostReason('printer.local')).toBe('printer.local names a local host');
    expect(refusedHostReason('metadata.google.internal')).toBe('metadata.google.internal names a local host');
    expect(refusedHostReason('ledger')).toBe('ledger is not a public host name (it has no dot)');
  });

  it('lets public literals and names through (a name is checked again when it is resolved)', () => {
    for (const host of ['game.example.com', '8.8.8.8', '[2001:db8::1]', 'hooks.example.com.']) {
      expect(refusedHostReason(host)).toBeNull();
    }
  });
});
