import type { ServiceRole } from '@ticketonomics/contracts';
import { join } from 'node:path';
import { freePort } from './free-port';
import type { NatsServerHarness } from './nats-server.harness';
import { spawnService, type ServiceProcess } from './service-process.harness';

export interface BackendServiceOptions {
  /** Directory under dist/services/, e.g. 'ledger'; also its role on the bus. */
  name: ServiceRole;
  /** The server it connects to, as its role's user. */
  nats: NatsServerHarness;
  /** The test's data directory: the service keeps its SQLite file in <dataDir>/<name>. */
  dataDir: string;
  /** Environment over the defaults below (limits a test shortens, test hooks). */
  env?: Record<string, string>;
}

/** A built service running as a process that a test can kill and start again on the same data and port. */
export interface BackendService {
  process: ServiceProcess;
  readonly httpPort: number;
  /** Start it again (after a kill or stop), with `extraEnv` over its environment for this run only. */
  start(extraEnv?: Record<string, string>): Promise<ServiceProcess>;
}

/**
 * Another service of the system for a test, run from dist/ as the operator would (services never import
 * each other, so `npm run build` comes first), on loopback, logging warnings unless TEST_LOG_LEVEL says.
 */
export async function spawnBackendService(options: BackendServiceOptions): Promise<BackendService> {
  const httpPort = await freePort();
  const backend: BackendService = {
    process: undefined as unknown as ServiceProcess,
    httpPort,
    async start(extraEnv = {}) {
      backend.process = await spawnService({
        name: options.name,
        env: {
          ...options.nats.serviceEnv(options.name),
          DATA_DIR: join(options.dataDir, options.name),
          HTTP_PORT: String(httpPort),
          HTTP_HOST: '127.0.0.1',
          LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
          ...options.env,
          ...extraEnv,
        },
        readyUrl: `http://127.0.0.1:${httpPort}/readyz`,
      });
      return backend.process;
    },
  };
  await backend.start();
  return backend;
}

/** How long a test waits for a service's /metrics. */
const METRICS_TIMEOUT_MS = 2_000;

/**
 * A Prometheus figure of one service process: the sum of the samples named `name` over all their labels
 * (a partitioned service has one per partition it serves), or undefined when it has none.
 */
export async function readMetric(service: { httpPort: number }, name: string): Promise<number | undefined> {
  const response = await fetch(`http://127.0.0.1:${service.httpPort}/metrics`, {
    signal: AbortSignal.timeout(METRICS_TIMEOUT_MS),
  });
  const samples = [...(await response.text()).matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))];
  return samples.length === 0 ? undefined : samples.reduce((sum, match) => sum + Number(match[1]), 0);
}
