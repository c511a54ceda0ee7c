// A private JetStream cluster of nats-servers on 127.0.0.1 for the benches (the shape of infra/nats/nats.conf:
// server_name, a store per node, authenticated routes, every client with its credentials). Plain Node.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { busAuth, freePort, logTail, makeTempDir, spawnTracked, stopTracked, waitFor } from './proc.mjs';

const CLUSTER_NAME = 'ticketonomics-bench';
const ROUTE_USER = 'route';
const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;
const MONITOR_TIMEOUT_MS = 1_000;

async function metaLeaderOf(monitorPort) {
  const response = await fetch(`http://127.0.0.1:${monitorPort}/jsz`, {
    signal: AbortSignal.timeout(MONITOR_TIMEOUT_MS),
  });
  const jsz = await response.json();
  return jsz?.meta_cluster?.leader || undefined;
}

/**
 * Starts `nodes` servers as one JetStream cluster and waits until they agree on a meta leader. Clients get
 * node 1's URL only (`url`), so the bench, the echo responder and the ledger all enter the cluster at the
 * same node and compare like with like; a stream's replicas and leader still span the cluster.
 * Answers { url, urls, pid (every node's pid, for CPU accounting), credentialsFile(user), authOptions(user),
 * stop() }.
 */
export async function startNatsCluster({
  nodes = 3,
  binary = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server',
} = {}) {
  const dir = makeTempDir('tk-bench-nats-cluster-');
  const auth = busAuth();
  const credentialsDir = join(dir, 'credentials');
  auth.ensureBusCredentials(credentialsDir);
  const credentialsFile = (user) => auth.credentialsPath(credentialsDir, user);
  const routePassword = randomBytes(18).toString('hex');
  const ports = [];
  for (let i = 0; i < nodes; i += 1) {
    ports.push({ client: await freePort(), route: await freePort(), monitor: await freePort() });
  }
  const routes = ports.map((p) => `nats-route://${ROUTE_USER}:${routePassword}@127.0.0.1:${p.route}`);
  const procs = ports.map((p, i) => {
    const name = `n${i + 1}`;
    mkdirSync(join(dir, name));
    const configPath = join(dir, `${name}.conf`);
    writeFileSync(
      configPath,
      [
        `server_name: ${name}`,
        `listen: "127.0.0.1:${p.client}"`,
        `http: "127.0.0.1:${p.monitor}"`,
        `jetstream { store_dir: ${JSON.stringify(join(dir, name, 'store'))} }`,
        'include "credentials/auth.conf"',
        'cluster {',
        `  name: ${CLUSTER_NAME}`,
        `  listen: "127.0.0.1:${p.route}"`,
        `  authorization { user: ${ROUTE_USER}, password: ${JSON.stringify(routePassword)} }`,
        `  routes: [${routes.map((route) => JSON.stringify(route)).join(', ')}]`,
        '}',
        '',
      ].join('\n'),
    );
    return spawnTracked(binary, ['-c', configPath], { env: process.env, logPath: join(dir, `${name}.log`) });
  });
  const stop = async () => {
    for (const proc of procs) await stopTracked(proc, STOP_GRACE_MS);
  };
  try {
    await waitFor(
      'nats cluster meta leader',
      async () => {
        const leaders = await Promise.all(ports.map((p) => metaLeaderOf(p.monitor)));
        return leaders[0] !== undefined && leaders.every((leader) => leader === leaders[0]);
      },
      { timeoutMs: READY_TIMEOUT_MS, intervalMs: 100 },
    );
  } catch (error) {
    await stop();
    throw new Error(`${error.message}\n${procs.map((proc) => logTail(proc.logPath, 10)).join('\n')}`);
  }
  const urls = ports.map((p) => `nats://127.0.0.1:${p.client}`);
  return {
    url: urls[0],
    urls,
    pid: procs.map((proc) => proc.pid),
    dir,
    replicas: nodes,
    credentialsFile,
    authOptions: (user = 'operator') => auth.natsAuthOptions(credentialsFile(user)),
    stop,
  };
}
