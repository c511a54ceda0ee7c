/**
 * A KV key token for anything a limit counts against (an address, an API key id): kept as it is when it
 * is a plain token, otherwise base64url behind `=` (a character base64url never uses), so an IPv6 address
 * or a dotted IPv4 one can neither break the key's tokens nor collide with a plain key.
 */
export function limitKeyToken(key: string): string {
  if (/^[A-Za-z0-9_-]{1,64}$/.test(key)) return key;
  return `=${Buffer.from(key, 'utf8').toString('base64url')}`;
}

/** A limit's name in its keys: a plain token, checked where it is given. */
export function assertLimitName(name: string): void {
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(name)) {
    throw new Error(`limit name "${name}" must be 1 to 40 of A-Z a-z 0-9 _ -`);
  }
}
