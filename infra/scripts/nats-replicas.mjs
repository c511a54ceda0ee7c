// Brings the replica count of the JetStream streams and key-value buckets the services made up to (or down
// to) NATS_REPLICAS, for an operator moving a deployment from one NATS server to a cluster of three. The
// services create what is missing with NATS_REPLICAS themselves, but may not change the event stream or a
// bucket that exists (only the api-gateway updates its own AUDIT stream), so a stream made on a single
// server keeps its one copy until this runs. JetStream copies the data to the new replicas while serving.
//
//   docker compose run --rm nats-auth node infra/scripts/nats-replicas.mjs
//   NATS_URL=... NATS_CREDENTIALS_FILE=operator.creds NATS_REPLICAS=3 node infra/scripts/nats-replicas.mjs
//
// Environment: NATS_URL (comma-separated nodes), NATS_CREDENTIALS_FILE (the operator's), NATS_TLS_CA_FILE,
// NATS_REPLICAS (1 or 3). Exit codes: 0 done (or nothing to do), 1 refused or unreachable, 2 bad usage.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

function fail(message, code = 1) {
  process.stderr.write(`nats-replicas: ${message}\n`);
  process.exit(code);
}

const aliases = join(root, 'dist', 'register-aliases.js');
if (!existsSync(aliases)) fail(`${aliases} is missing: run \`npm run build\` first`);
require(aliases);
const busAuth = require('@ticketonomics/bus-auth');
const contracts = require('@ticketonomics/contracts');
const { jetstreamManager } = require('@nats-io/jetstream');
const { connect } = require('@nats-io/transport-node');

const replicas = Number(process.env.NATS_REPLICAS ?? '');
if (replicas !== 1 && replicas !== 3) {
  fail('set NATS_REPLICAS to 1 (one NATS server) or 3 (a NATS cluster of three nodes)', 2);
}

/**
 * Every stream a service creates, from the bus roles: the event stream, the streams and buckets each role
 * owns (the api-gateway's audit stream and its buckets), and the lease bucket of each partitioned writer.
 */
const STREAMS = [
  contracts.EVENT_STREAM,
  ...new Set(
    Object.entries(contracts.BUS_ROLES).flatMap(([role, spec]) => [
      ...spec.ownStreams,
      ...spec.kvBuckets.map((bucket) => `KV_${bucket}`),
      ...(spec.partitioned ? [`KV_${contracts.partitionLeasesBucketOf(role)}`] : []),
    ]),
  ),
];

const settings = busAuth.operatorBusSettings();
let nc;
try {
  nc = await connect({
    servers: settings.url.split(',').map((server) => server.trim()),
    name: 'nats-replicas',
    ...busAuth.natsAuthOptions(settings.credentialsFile, settings.tlsCaFile),
    timeout: 5_000,
  });
} catch (error) {
  fail(`cannot reach NATS at ${settings.url}: ${error.message}`);
}
try {
  const jsm = await jetstreamManager(nc);
  for (const name of STREAMS) {
    let info;
    try {
      info = await jsm.streams.info(name);
    } catch (error) {
      if (/stream not found/i.test(error.message)) {
        process.stdout.write(`${name}: not created yet (its service creates it with NATS_REPLICAS)\n`);
        continue;
      }
      throw error;
    }
    const had = info.config.num_replicas;
    if (had === replicas) {
      process.stdout.write(`${name}: ${had} replica(s), kept\n`);
      continue;
    }
    await jsm.streams.update(name, { ...info.config, num_replicas: replicas });
    process.stdout.write(`${name}: ${had} → ${replicas} replica(s)\n`);
  }
} catch (error) {
  fail(`refused: ${error.message} (a cluster of three is needed for 3 replicas; see docs/nats.md)`);
} finally {
  await nc.close();
}
