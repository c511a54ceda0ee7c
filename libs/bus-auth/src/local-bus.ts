import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { credentialsPath } from './bus.auth-store';

/**
 * Where `npm start` keeps its NATS server's files under DATA_DIR, so the operator's scripts (npm run apikey,
 * nats:user, analytics:rebuild, demo) find the server and the operator's credentials with no set-up.
 */
export interface LocalBusPaths {
  dir: string;
  credentialsDir: string;
  /** The server's configuration: includes credentials/auth.conf. */
  configFile: string;
  /** The URL the server listens on, written at start. */
  urlFile: string;
  pidFile: string;
}

export function localBusPaths(dataDir: string): LocalBusPaths {
  const dir = join(resolve(dataDir), 'nats');
  return {
    dir,
    credentialsDir: join(dir, 'credentials'),
    configFile: join(dir, 'nats-server.conf'),
    urlFile: join(dir, 'url'),
    pidFile: join(dir, 'nats-server.pid'),
  };
}

export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

/**
 * How an operator's script reaches the bus: NATS_URL and NATS_CREDENTIALS_FILE when set, else what
 * `npm start` wrote under DATA_DIR (default ./data).
 */
export function operatorBusSettings(env: NodeJS.ProcessEnv = process.env): {
  url: string;
  credentialsFile: string;
  tlsCaFile?: string;
} {
  const paths = localBusPaths(env['DATA_DIR'] || './data');
  const written = existsSync(paths.urlFile) ? readFileSync(paths.urlFile, 'utf8').trim() : '';
  return {
    url: env['NATS_URL'] || written || DEFAULT_NATS_URL,
    credentialsFile: env['NATS_CREDENTIALS_FILE'] || credentialsPath(paths.credentialsDir, 'operator'),
    ...(env['NATS_TLS_CA_FILE'] ? { tlsCaFile: env['NATS_TLS_CA_FILE'] } : {}),
  };
}
