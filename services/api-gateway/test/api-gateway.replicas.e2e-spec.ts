/**
 * Three api-gateway replicas as processes (dist/, `npm run build` first) on one NATS server, with the
 * built ledger and accounts, behind the shipped nginx configuration (infra/nginx/api.conf, only its
 * upstream addresses and port changed) when this machine has nginx; otherwise the test itself spreads the
 * requests round-robin over the replicas. Limits hold over the replicas together (the shared limits
 * bucket), not once per replica; a replica killed with SIGKILL leaves the others serving, and the
 * streams it held stop counting once its lease runs out.
 */
import { AccountsCommands, ApiKeyCommands, type ApiKeyScope } from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import {
  findNginx,
  makeTempDir,
  removeDir,
  spawnBackendService,
  startNatsServer,
  startNginxFront,
  waitFor,
  type BackendService,
  type NatsServerHarness,
  type NginxFront,
} from '@ticketonomics/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import { get as httpGet } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openStream, refusedStream, type StreamClient } from './support/ws.client';

const REPLICAS = 3;
const FAILURES_MAX = 6;
const KEY_RATE_PER_MINUTE = 5;
const STREAMS_PER_KEY_MAX = 3;
const LEASE_MS = 3_000;

/** The failing client's own address: loopback, but not the 127.0.0.1 the other cases come from. */
const FAILING_CLIENT = '127.0.0.2';

const unknownKey = (i: number) =>
  `tk_01KB3A5K7Q2W3E4R5T6Y7Z8A${String(i).padStart(2, '0')}_${'c'.repeat(43)}`;
const supply = '/v1/communities/alpha/supply';
const events = '/v1/communities/alpha/events';

describe('api-gateway replicas behind a load balancer', () => {
  let nats: NatsServerHarness;
  let dataDir: string;
  let backends: BackendService[] = [];
  let gateways: BackendService[] = [];
  let front: NginxFront | undefined;
  let nc: NatsConnection;
  let client: CommandClient;
  let turn = 0;
  const streams: StreamClient[] = [];

  /** The next base URL a client reaches: nginx, or the next replica in turn when there is no nginx. */
  const next = (): string => {
    if (front !== undefined) return front.url;
    turn += 1;
    return `http://127.0.0.1:${gateways[turn % gateways.length]!.httpPort}`;
  };
  const replicaUrl = (i: number) => `http://127.0.0.1:${gateways[i]!.httpPort}`;
  /** Without nginx the test is the proxy: it says who the client is, as nginx would. */
  const clientHeaders = (): Record<string, string> =>
    front === undefined ? { 'X-Forwarded-For': '203.0.113.50' } : {};

  async function createKey(scopes: ApiKeyScope[], rateLimitPerMinute?: number): Promise<string> {
    const created = await client.request(ApiKeyCommands.apiKeyCreate, {
      communityId: 'alpha',
      name: `replicas ${scopes.join('+')}`,
      scopes,
      createdBy: 'cli:test',
      ...(rateLimitPerMinute !== undefined ? { rateLimitPerMinute } : {}),
    });
    if (created.secret === null) throw new Error('apikey.create answered no secret');
    return created.secret;
  }

  /** The sum of a counter over its labels on one replica's /metrics. */
  async function counter(i: number, name: string): Promise<number> {
    const text = await (await fetch(`${replicaUrl(i)}/metrics`)).text();
    return text
      .split('\n')
      .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
      .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  }

  beforeAll(async () => {
    nats = await startNatsServer();
    dataDir = await makeTempDir('api-gateway-replicas-');
    backends = await Promise.all(
      (['ledger', 'accounts'] as const).map((name) => spawnBackendService({ name, nats, dataDir })),
    );
    gateways = await Promise.all(
      Array.from({ length: REPLICAS }, (_, i) =>
        spawnBackendService({
          name: 'api-gateway',
          nats,
          dataDir: join(dataDir, `replica-${i}`),
          env: {
            AUTH_FAILURES_PER_MINUTE_MAX: String(FAILURES_MAX),
            WS_CONNECTIONS_PER_KEY_MAX: String(STREAMS_PER_KEY_MAX),
            SHARED_LIMITS_LEASE_MS: String(LEASE_MS),
            // As in docker-compose.yml: one proxy in front, whose X-Forwarded-For entry is believed.
            TRUST_PROXY_HOPS: '1',
          },
        }),
      ),
    );
    const nginx = findNginx();
    if (nginx !== undefined) {
      front = await startNginxFront(
        nginx,
        { apiGateway: gateways.map((gateway) => gateway.httpPort) },
        await makeTempDir('api-gateway-nginx-'),
      );
    } else {
      process.stdout.write('no nginx on this machine: the test spreads requests over the replicas itself\n');
    }
    nc = await nats.connect();
    client = new CommandClient(nc, { timeoutMs: 10_000 });
    await client.request(AccountsCommands.communityUpsert, { id: 'alpha', title: 'Community alpha' });
  }, 120_000);

  afterAll(async () => {
    for (const stream of streams) stream.close();
    await front?.stop();
    await nc?.close().catch(() => undefined);
    await Promise.all([...gateways, ...backends].map((service) => service.process.stop()));
    await nats?.dispose();
    if (dataDir !== undefined) await removeDir(dataDir);
  });

  it('lets one address fail authentication FAILURES_MAX times over all replicas together, not per replica', async () => {
    await startOfWindowWithin(20);
    const before = await Promise.all(gateways.map((_, i) => counter(i, 'api_auth_failures_total')));
    const statuses: number[] = [];
    for (let i = 0; i < REPLICAS * FAILURES_MAX; i += 1) {
      // Another client than the other cases' (127.0.0.1): its failures must not lock them out.
      const reply = await getFrom(FAILING_CLIENT, `${next()}${supply}`, {
        ...(front === undefined ? { 'X-Forwarded-For': '203.0.113.66' } : {}),
        Authorization: `Bearer ${unknownKey(i)}`,
      });
      statuses.push(reply.status);
      if (reply.status === 429) {
        expect(reply.body).toMatchObject({
          error: { code: 'RATE_LIMITED', details: { reason: 'auth_failures', limit: FAILURES_MAX } },
        });
      }
    }
    expect(statuses.filter((status) => status === 401)).toHaveLength(FAILURES_MAX);
    expect(statuses.filter((status) => status === 429)).toHaveLength((REPLICAS - 1) * FAILURES_MAX);
    // Every replica took its share of the requests: the limit held over them, not within one.
    const after = await Promise.all(gateways.map((_, i) => counter(i, 'api_auth_failures_total')));
    for (let i = 0; i < REPLICAS; i += 1) expect(after[i]! - before[i]!).toBeGreaterThan(0);
    // The load balancer told the replicas who the client was: another client is not refused.
    const reply = await fetch(`${next()}${supply}`, {
      headers: { ...clientHeaders(), Authorization: `Bearer ${unknownKey(99)}` },
    });
    expect(reply.status).toBe(401);
  });

  it("holds an API key's requests per minute over the replicas together", async () => {
    const key = await createKey(['read'], KEY_RATE_PER_MINUTE);
    await startOfWindowWithin(20);
    const before = await Promise.all(gateways.map((_, i) => counter(i, 'api_requests_total')));
    const statuses: number[] = [];
    for (let i = 0; i < REPLICAS * KEY_RATE_PER_MINUTE; i += 1) {
      const reply = await fetch(`${next()}${supply}`, {
        headers: { ...clientHeaders(), Authorization: `Bearer ${key}` },
      });
      statuses.push(reply.status);
    }
    expect(statuses.filter((status) => status === 200)).toHaveLength(KEY_RATE_PER_MINUTE);
    expect(statuses.filter((status) => status === 429)).toHaveLength((REPLICAS - 1) * KEY_RATE_PER_MINUTE);
    const after = await Promise.all(gateways.map((_, i) => counter(i, 'api_requests_total')));
    for (let i = 0; i < REPLICAS; i += 1) expect(after[i]! - before[i]!).toBeGreaterThan(0);
  });

  it('caps the event streams of one key over the replicas; a killed replica leaves the others serving and its streams stop counting after its lease', async () => {
    const key = await createKey(['read']);
    const auth = { Authorization: `Bearer ${key}` };
    const wsUrl = (base: string) => `${base.replace(/^http/, 'ws')}${events}`;
    // One stream on each replica: the cap is reached over the three together.
    for (let i = 0; i < REPLICAS; i += 1) streams.push(await openStream(wsUrl(replicaUrl(i)), auth));
    for (let i = 0; i < REPLICAS; i += 1) {
      const refused = await refusedStream(wsUrl(replicaUrl(i)), auth);
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({
        error: { details: { reason: 'stream_connections', limit: STREAMS_PER_KEY_MAX } },
      });
    }
    // Upgrades pass through the load balancer, and the cap holds there too.
    expect((await refusedStream(wsUrl(next()), auth)).status).toBe(429);

    // The third replica dies without a word: it releases nothing.
    const killed = streams[REPLICAS - 1]!;
    await gateways[REPLICAS - 1]!.process.kill('SIGKILL');
    await killed.closed;

    // The others keep serving, through the load balancer too (a request that finds the dead replica's
    // port closed goes to the next one).
    const reader = await createKey(['read']);
    for (let i = 0; i < 2 * REPLICAS; i += 1) {
      const base = front?.url ?? replicaUrl(i % (REPLICAS - 1));
      const reply = await fetch(`${base}${supply}`, {
        headers: { ...clientHeaders(), Authorization: `Bearer ${reader}` },
      });
      expect(reply.status).toBe(200);
    }

    // Its stream stops counting once its lease runs out: a stream opens again (through the load balancer,
    // which passes the upgrade on), and then the cap holds again.
    const reopened = await waitFor(
      async () => {
        try {
          return await openStream(wsUrl(next()), auth);
        } catch (error) {
          if ((error as { status?: number }).status === 429) return undefined;
          throw error;
        }
      },
      {
        timeoutMs: 10 * LEASE_MS,
        intervalMs: 200,
        description: "the killed replica's stream to stop counting",
      },
    );
    streams.push(reopened);
    expect((await refusedStream(wsUrl(replicaUrl(1)), auth)).status).toBe(429);
  });
});

/** A GET sent from `localAddress` (what nginx sees as the client), its status and JSON body. */
function getFrom(
  localAddress: string,
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const request = httpGet(url, { headers, localAddress }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

/** Wait out the end of a minute, so a limit counted per minute is tested inside one window. */
async function startOfWindowWithin(secondsNeeded: number): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < secondsNeeded * 1000) await sleep(left + 50);
}
