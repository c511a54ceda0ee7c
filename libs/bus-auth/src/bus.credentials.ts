import { SERVICE_ROLES, type BusRoleName } from '@ticketonomics/contracts';
import { readFileSync } from 'node:fs';
import { createUser, fromSeed } from '@nats-io/nkeys';
import { nkeyAuthenticator, type ConnectionOptions } from '@nats-io/transport-node';
import { inboxPrefixOf } from './bus.permissions';

/**
 * One NATS user's credentials. The file holds the user's nkey seed (its secret) and what a client needs to
 * use it: the user name and the reply inbox prefix its permissions allow. The server knows only the
 * public key, so its configuration holds no secret.
 */
export interface BusCredentials {
  user: string;
  role: BusRoleName;
  /** The nkey seed (starts with SU). Never log it. */
  seed: string;
  inboxPrefix: string;
}

const ROLES: readonly BusRoleName[] = [...SERVICE_ROLES, 'tools', 'operator'];
export const USER_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,47}$/;

export class CredentialsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialsError';
  }
}

export function newBusCredentials(user: string, role: BusRoleName): BusCredentials {
  if (!USER_NAME_PATTERN.test(user)) {
    throw new CredentialsError(`user name ${JSON.stringify(user)} must match ${USER_NAME_PATTERN}`);
  }
  const seed = new TextDecoder().decode(createUser().getSeed());
  return { user, role, seed, inboxPrefix: inboxPrefixOf(user) };
}

export function publicKeyOf(credentials: BusCredentials): string {
  return fromSeed(new TextEncoder().encode(credentials.seed)).getPublicKey();
}

export function formatBusCredentials(credentials: BusCredentials): string {
  return [
    `# Ticketonomics NATS credentials of user "${credentials.user}" (role ${credentials.role}).`,
    '# Keep this file secret: whoever has it can use the bus as this user.',
    '# Clients in any language: authenticate with the nkey seed and use inbox_prefix for reply subjects.',
    `user: ${credentials.user}`,
    `role: ${credentials.role}`,
    `inbox_prefix: ${credentials.inboxPrefix}`,
    `seed: ${credentials.seed}`,
    '',
  ].join('\n');
}

/** Parse a credentials file's text; errors name the file and the line, never the seed. */
export function parseBusCredentials(text: string, origin: string): BusCredentials {
  const fields = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const at = line.indexOf(':');
    if (at < 0) throw new CredentialsError(`${origin}: every line must be "name: value" or a # comment`);
    fields.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  const field = (name: string): string => {
    const value = fields.get(name);
    if (value === undefined || value === '') {
      throw new CredentialsError(
        `${origin}: "${name}:" is missing; recreate the file with npm run nats:user`,
      );
    }
    return value;
  };
  const user = field('user');
  const role = field('role') as BusRoleName;
  if (!ROLES.includes(role)) throw new CredentialsError(`${origin}: role must be one of ${ROLES.join(', ')}`);
  const seed = field('seed');
  try {
    if (!fromSeed(new TextEncoder().encode(seed)).getPublicKey().startsWith('U')) throw new Error();
  } catch {
    throw new CredentialsError(`${origin}: "seed:" is not a NATS user nkey seed (it starts with SU)`);
  }
  return { user, role, seed, inboxPrefix: field('inbox_prefix') };
}

export function readBusCredentials(path: string): BusCredentials {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new CredentialsError(
      `cannot read the NATS credentials file ${path} (${code}); npm start writes them under ` +
        'DATA_DIR/nats/credentials, docker compose in secrets/nats (see docs/operators.md)',
    );
  }
  return parseBusCredentials(text, path);
}

/** Authentication and private reply inbox for a credentials file; the seed is re-read on each connect. */
export function natsAuthOptions(
  credentialsFile: string,
  tlsCaFile?: string,
): Pick<ConnectionOptions, 'authenticator' | 'inboxPrefix' | 'tls'> {
  const credentials = readBusCredentials(credentialsFile);
  const seed = (): Uint8Array => new TextEncoder().encode(readBusCredentials(credentialsFile).seed);
  return {
    authenticator: nkeyAuthenticator(seed),
    inboxPrefix: credentials.inboxPrefix,
    ...(tlsCaFile !== undefined ? { tls: { caFile: tlsCaFile } } : {}),
  };
}
