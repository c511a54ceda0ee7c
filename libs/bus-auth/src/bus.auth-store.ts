import { SERVICE_ROLES, toolUserName, TOOL_NAME_PATTERN, type BusRoleName } from '@ticketonomics/contracts';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import {
  CredentialsError,
  formatBusCredentials,
  newBusCredentials,
  publicKeyOf,
  readBusCredentials,
  type BusCredentials,
} from './bus.credentials';
import { permissionsFor } from './bus.permissions';

/**
 * A directory of credentials: `<user>.creds` for each user (secret, mode 0600) and `auth.conf`, the
 * nats-server `authorization` block made from them (public keys and permissions only). Adding or removing a
 * user rewrites auth.conf; the server applies it on a configuration reload.
 */
export const AUTH_CONFIG_FILE = 'auth.conf';
const CREDENTIALS_SUFFIX = '.creds';

export function credentialsPath(dir: string, user: string): string {
  return join(dir, `${user}${CREDENTIALS_SUFFIX}`);
}

function writeSecret(path: string, text: string): void {
  const temp = `${path}.tmp`;
  writeFileSync(temp, text, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, path);
}

export function listCredentials(dir: string): BusCredentials[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(CREDENTIALS_SUFFIX))
    .sort()
    .map((name) => readBusCredentials(join(dir, name)));
}

/** The authorization block for these users: one nkey user each, with its role's permissions. */
export function renderAuthConfig(users: readonly BusCredentials[]): string {
  const entries = users.map((credentials) => {
    const entry = {
      nkey: publicKeyOf(credentials),
      permissions: permissionsFor(credentials.role, credentials.user, users),
    };
    return `    # ${credentials.user} (role ${credentials.role})\n    ${JSON.stringify(entry)}`;
  });
  return [
    '# Generated from the credentials beside this file by Ticketonomics (libs/bus-auth); do not edit.',
    '# The permissions come from libs/contracts/src/bus/bus.roles.ts.',
    'authorization {',
    '  users = [',
    entries.join(',\n'),
    '  ]',
    '}',
    '',
  ].join('\n');
}

export function writeAuthConfig(dir: string): void {
  const path = join(dir, AUTH_CONFIG_FILE);
  const temp = `${path}.tmp`;
  writeFileSync(temp, renderAuthConfig(listCredentials(dir)), { mode: 0o644 });
  renameSync(temp, path);
}

function addUser(
  dir: string,
  user: string,
  role: BusRoleName,
): { credentials: BusCredentials; created: boolean } {
  const path = credentialsPath(dir, user);
  if (existsSync(path)) return { credentials: readBusCredentials(path), created: false };
  const credentials = newBusCredentials(user, role);
  writeSecret(path, formatBusCredentials(credentials));
  return { credentials, created: true };
}

/**
 * Credentials for every service and the operator, made once: an existing file is kept, so restarts keep
 * working and an operator's rotation is not undone. Returns the users made now.
 */
export function ensureBusCredentials(dir: string): string[] {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const created = [...SERVICE_ROLES, 'operator' as const]
    .map((role) => addUser(dir, role, role))
    .filter((result) => result.created)
    .map((result) => result.credentials.user);
  writeAuthConfig(dir);
  return created;
}

export function assertToolName(name: string): void {
  if (!TOOL_NAME_PATTERN.test(name)) {
    throw new CredentialsError(
      `tool name ${JSON.stringify(name)} must be 1-32 of a-z, 0-9 and -, starting with a letter or digit`,
    );
  }
}

/** A read-only tool's credentials (kept if they exist). Its durable consumer is made separately. */
export function addTool(dir: string, name: string): { credentials: BusCredentials; created: boolean } {
  assertToolName(name);
  const result = addUser(dir, toolUserName(name), 'tools');
  writeAuthConfig(dir);
  return result;
}

/** Remove a user's credentials; after a reload the server refuses it and closes its connections. */
export function revokeUser(dir: string, user: string): boolean {
  const path = credentialsPath(dir, user);
  if (!existsSync(path)) return false;
  rmSync(path);
  writeAuthConfig(dir);
  return true;
}

/** New secret for an existing user (same name and role); the old one stops working after a reload. */
export function rotateUser(dir: string, user: string): BusCredentials {
  const path = credentialsPath(dir, user);
  const old = readBusCredentials(path);
  const credentials = newBusCredentials(old.user, old.role);
  writeSecret(path, formatBusCredentials(credentials));
  writeAuthConfig(dir);
  return credentials;
}

/**
 * Each service's credentials copied into a folder of its own (`<outDir>/<service>/nats.creds`), so a
 * container mounts only its own secret. `owner` makes them readable by the containers' unprivileged user.
 */
export function exportServiceCredentials(
  dir: string,
  outDir: string,
  owner?: { uid: number; gid: number },
): string[] {
  const exported: string[] = [];
  for (const role of SERVICE_ROLES) {
    const source = credentialsPath(dir, role);
    if (!existsSync(source)) continue;
    const target = join(outDir, role);
    mkdirSync(target, { recursive: true, mode: 0o700 });
    const file = join(target, 'nats.creds');
    writeSecret(file, formatBusCredentials(readBusCredentials(source)));
    if (owner !== undefined) {
      chownSync(target, owner.uid, owner.gid);
      chownSync(file, owner.uid, owner.gid);
    }
    exported.push(file);
  }
  return exported;
}
