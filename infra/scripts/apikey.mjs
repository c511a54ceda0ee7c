// API keys from the command line, for operators: talks to a running accounts service over NATS as the
// operator (NATS_URL and NATS_CREDENTIALS_FILE, or what `npm start` wrote under DATA_DIR), like any other
// client of tk.cmd.accounts.apikey.*.
//
//   npm run apikey -- create --community <id> --name <name> --scopes read,transfer [--rate <per minute>] [--by <name>]
//                            [--request-id <id>]
//   npm run apikey -- revoke --community <id> --key <keyId> [--by <name>]
//   npm run apikey -- list --community <id> [--all]
//
// The key printed by create is shown once: the service keeps only its hash. With --request-id (1-48 of
// A-Za-z0-9_.:-, unique per community) a create that is run again, say by a provisioning script retrying
// after a timeout, makes no second key: it prints the first one without its secret. Changes are recorded as
// made by cli:<name> (--by, or the OS user name). Exit codes: 0 done, 1 refused or unreachable, 2 bad usage.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const REQUEST_TIMEOUT_MS = 5_000;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const USAGE = `usage:
  npm run apikey -- create --community <id> --name <name> --scopes read,transfer,reward,admin [--rate <per minute>] [--by <name>] [--request-id <id>]
  npm run apikey -- revoke --community <id> --key <keyId> [--by <name>]
  npm run apikey -- list --community <id> [--all]`;

function usage(message) {
  process.stderr.write(`apikey: ${message}\n${USAGE}\n`);
  process.exit(2);
}

/** cli:<name>, with the name reduced to what the accounts service accepts for an actor. */
function actorOf(by) {
  let name = by;
  if (name === undefined) {
    try {
      name = userInfo().username;
    } catch {
      name = 'operator';
    }
  }
  const cleaned = name.replace(/[^A-Za-z0-9_.@-]/g, '').slice(0, 48);
  return `cli:${cleaned || 'operator'}`;
}

function parse(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        community: { type: 'string' },
        name: { type: 'string' },
        scopes: { type: 'string' },
        rate: { type: 'string' },
        'request-id': { type: 'string' },
        key: { type: 'string' },
        by: { type: 'string' },
        all: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    usage(error.message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const [command, ...extra] = positionals;
  if (extra.length > 0) usage(`unexpected ${extra.join(' ')}`);
  if (values.community === undefined) usage('--community is required');
  const by = actorOf(values.by);
  switch (command) {
    case 'create': {
      if (values.name === undefined) usage('--name is required');
      if (values.scopes === undefined) usage('--scopes is required (read, transfer, reward, admin)');
      const payload = {
        communityId: values.community,
        name: values.name,
        scopes: values.scopes
          .split(',')
          .map((scope) => scope.trim())
          .filter(Boolean),
        createdBy: by,
      };
      if (values.rate !== undefined) payload.rateLimitPerMinute = Number(values.rate);
      // Checked by the service (VALIDATION_FAILED naming requestId), like every other field.
      if (values['request-id'] !== undefined) payload.requestId = values['request-id'];
      return { command, subject: 'tk.cmd.accounts.apikey.create', payload };
    }
    case 'revoke':
      if (values.key === undefined) usage('--key <keyId> is required');
      return {
        command,
        subject: 'tk.cmd.accounts.apikey.revoke',
        payload: { communityId: values.community, keyId: values.key, revokedBy: by },
      };
    case 'list':
      return {
        command,
        subject: 'tk.cmd.accounts.apikey.list',
        payload: { communityId: values.community, includeRevoked: values.all, limit: 200 },
      };
    default:
      return usage(command === undefined ? 'say create, revoke or list' : `unknown command ${command}`);
  }
}

function describeKey(key) {
  const state = key.revokedAt === null ? 'active' : `revoked ${key.revokedAt} by ${key.revokedBy}`;
  return [
    `${key.id}  ${key.name}`,
    `  prefix ${key.prefix}…  scopes ${key.scopes.join(',')}  ${key.rateLimitPerMinute}/min`,
    `  created ${key.createdAt} by ${key.createdBy}; last used ${key.lastUsedAt ?? 'never'}; ${state}`,
  ].join('\n');
}

function print(command, data) {
  if (command === 'create' && data.secret === null) {
    // A repeated --request-id: the key exists already and its secret was shown when it was made.
    process.stdout.write(
      `${describeKey(data.apiKey)}\n\nalready created with this --request-id; its key was shown once, then.\n` +
        'If it is lost, revoke this key and create another with a new --request-id.\n',
    );
  } else if (command === 'create') {
    process.stdout.write(`${describeKey(data.apiKey)}\n\nkey (shown once, store it now):\n${data.secret}\n`);
  } else if (command === 'revoke') {
    process.stdout.write(`${describeKey(data)}\n`);
  } else {
    if (data.items.length === 0) process.stdout.write('no keys\n');
    for (const key of data.items) process.stdout.write(`${describeKey(key)}\n`);
    if (data.nextCursor !== null) process.stdout.write('(more keys than shown)\n');
  }
}

async function main() {
  const { command, subject, payload } = parse(process.argv.slice(2));
  const aliases = join(root, 'dist', 'register-aliases.js');
  if (!existsSync(aliases)) {
    process.stderr.write(`apikey: ${aliases} is missing: run \`npm run build\` first\n`);
    process.exit(1);
  }
  require(aliases);
  const busAuth = require('@ticketonomics/bus-auth');
  const { connect, errors } = require('@nats-io/transport-node');
  const bus = busAuth.operatorBusSettings();
  let nc;
  try {
    nc = await connect({
      servers: bus.url,
      name: 'apikey-cli',
      timeout: REQUEST_TIMEOUT_MS,
      ...busAuth.natsAuthOptions(bus.credentialsFile, bus.tlsCaFile),
    });
  } catch (error) {
    process.stderr.write(
      `apikey: cannot reach NATS at ${bus.url} as the operator (${error.message}); ` +
        'set NATS_URL and NATS_CREDENTIALS_FILE\n',
    );
    process.exit(1);
  }
  try {
    const msg = await nc.request(subject, new TextEncoder().encode(JSON.stringify(payload)), {
      timeout: REQUEST_TIMEOUT_MS,
    });
    const reply = JSON.parse(new TextDecoder().decode(msg.data));
    if (!reply.ok) {
      process.stderr.write(`apikey: ${reply.error.code}: ${reply.error.message}\n`);
      process.exitCode = 1;
      return;
    }
    print(command, reply.data);
  } catch (error) {
    const noResponders = error instanceof errors.RequestError && error.isNoResponders();
    const reason = noResponders ? 'no accounts service answers; is it running?' : error.message;
    process.stderr.write(`apikey: ${subject} failed: ${reason}\n`);
    process.exitCode = 1;
  } finally {
    await nc.close();
  }
}

await main();
