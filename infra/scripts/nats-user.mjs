// NATS users, for operators (`npm run nats:user -- <command>`): read-only tools' credentials, rotation and
// revocation, applied to the running server with a configuration reload (no service restarts).
//
//   npm run nats:user -- add tools <name> [--from new]   credentials for a read-only tool (user tools-<name>)
//                                                         and its durable consumer on the event stream
//   npm run nats:user -- revoke <user>                   remove a user (tools-<name>, or a service's);
//                                                         the server closes its connections
//   npm run nats:user -- rotate <user>                   a new secret for a user; the old one stops working
//   npm run nats:user -- list
//
// Credentials live in DATA_DIR/nats/credentials (npm start's; default ./data) or NATS_CREDENTIALS_DIR (the
// secrets/nats folder of docker compose). The running server is reloaded through the pid file npm start
// writes; otherwise the script says how to reload it. Exit codes: 0 done, 1 refused or unreachable,
// 2 bad usage.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const CONNECT_TIMEOUT_MS = 5_000;
const CONNECT_ATTEMPTS_MAX = 3;
const CONNECT_RETRY_MS = 1_000;
const USAGE = `usage:
  npm run nats:user -- add tools <name> [--from new]
  npm run nats:user -- revoke <user>
  npm run nats:user -- rotate <user>
  npm run nats:user -- list`;

function usage(message) {
  process.stderr.write(`nats:user: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function fail(message) {
  process.stderr.write(`nats:user: ${message}\n`);
  process.exit(1);
}

const aliases = join(root, 'dist', 'register-aliases.js');
if (!existsSync(aliases)) fail(`${aliases} is missing: run \`npm run build\` first`);
require(aliases);
const busAuth = require('@ticketonomics/bus-auth');
const messaging = require('@ticketonomics/messaging');
const { connect } = require('@nats-io/transport-node');

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  options: { from: { type: 'string' } },
  allowPositionals: true,
});
const [command, ...rest] = positionals;
const paths = busAuth.localBusPaths(process.env.DATA_DIR || './data');
const credentialsDir = process.env.NATS_CREDENTIALS_DIR
  ? resolve(process.env.NATS_CREDENTIALS_DIR)
  : paths.credentialsDir;
if (!existsSync(credentialsDir)) {
  fail(`no credentials in ${credentialsDir}: start the system once (npm start) or set NATS_CREDENTIALS_DIR`);
}

/** Apply auth.conf to the running server: npm start's pid file, else tell the operator how. */
function reload() {
  if (existsSync(paths.pidFile) && !process.env.NATS_CREDENTIALS_DIR) {
    const pid = Number(readFileSync(paths.pidFile, 'utf8').trim());
    try {
      process.kill(pid, 'SIGHUP');
      process.stdout.write(`reloaded the NATS server (pid ${pid}): the change applies now\n`);
      return;
    } catch {
      // not running: the next start reads the new auth.conf anyway
    }
  }
  process.stdout.write(
    'reload the NATS server to apply it: `docker compose kill -s HUP nats` with compose, ' +
      '`nats-server --signal reload=<pid>` elsewhere; a server that is not running reads it at start\n',
  );
}

async function withOperator(use) {
  const settings = busAuth.operatorBusSettings({
    ...process.env,
    NATS_CREDENTIALS_FILE:
      process.env.NATS_CREDENTIALS_FILE || busAuth.credentialsPath(credentialsDir, 'operator'),
  });
  let nc;
  // Right after the reload signal the server is busy re-reading auth.conf (every user's permissions): a
  // busy machine can keep it past one connect's timeout, so a few tries.
  for (let attempt = 1; nc === undefined; attempt += 1) {
    try {
      nc = await connect({
        servers: settings.url,
        name: 'nats-user-cli',
        timeout: CONNECT_TIMEOUT_MS,
        ...busAuth.natsAuthOptions(settings.credentialsFile, settings.tlsCaFile),
      });
    } catch (error) {
      if (attempt >= CONNECT_ATTEMPTS_MAX) {
        fail(`cannot reach NATS at ${settings.url} as the operator: ${error.message}`);
      }
      await new Promise((done) => setTimeout(done, CONNECT_RETRY_MS));
    }
  }
  try {
    return await use(nc);
  } finally {
    await nc.close();
  }
}

try {
  if (command === 'add') {
    const [role, name] = rest;
    if (role !== 'tools' || name === undefined) usage('add takes: tools <name>');
    if (values.from !== undefined && values.from !== 'new') usage('--from takes only "new"');
    const { credentials, created } = busAuth.addTool(credentialsDir, name);
    const path = busAuth.credentialsPath(credentialsDir, credentials.user);
    reload();
    await withOperator((nc) => messaging.ensureToolConsumer(nc, credentials.user, values.from ?? 'all'));
    process.stdout.write(
      `${created ? 'made' : 'kept'} user ${credentials.user} (role tools): ${path}\n` +
        `its events: pull consumer "${credentials.user}" on stream TICKETONOMICS; its replies: ${credentials.inboxPrefix}.>\n`,
    );
  } else if (command === 'revoke' || command === 'rotate') {
    const [user] = rest;
    if (user === undefined) usage(`${command} takes a user name`);
    if (command === 'revoke') {
      if (!busAuth.revokeUser(credentialsDir, user)) fail(`no user ${user} in ${credentialsDir}`);
      reload();
      if (user.startsWith('tools-')) await withOperator((nc) => messaging.deleteToolConsumer(nc, user));
      process.stdout.write(`revoked ${user}\n`);
    } else {
      busAuth.rotateUser(credentialsDir, user);
      // docker compose: hand the service its new secret in its own folder (see nats-auth-init.mjs).
      if (process.env.NATS_SERVICE_CREDENTIALS_DIR) {
        busAuth.exportServiceCredentials(credentialsDir, process.env.NATS_SERVICE_CREDENTIALS_DIR, {
          uid: Number(process.env.NATS_SECRETS_UID ?? 1000),
          gid: Number(process.env.NATS_SECRETS_GID ?? 1000),
        });
      }
      reload();
      process.stdout.write(
        `rotated ${user}: ${busAuth.credentialsPath(credentialsDir, user)} holds its new secret ` +
          '(services read it again when they reconnect)\n',
      );
    }
  } else if (command === 'list') {
    for (const credentials of busAuth.listCredentials(credentialsDir)) {
      process.stdout.write(`${credentials.user.padEnd(24)} ${credentials.role}\n`);
    }
  } else {
    usage(command === undefined ? 'a command is needed' : `unknown command ${command}`);
  }
} catch (error) {
  if (error?.name === 'CredentialsError') fail(error.message);
  throw error;
}
