/**
 * An API key never leaves the gateway that was handed it: not on the bus (apikey.verify carries the key's
 * id and the hash of its secret), not in the gateway's output (its logs, and the warnings Node prints). The operator, who may read every subject,
 * watches the whole bus while keys are verified, refused and revoked over HTTP and WebSocket.
 */
import { ApiKeyCommands, apiKeySecretHash, parseApiKey } from '@ticketonomics/contracts';
import {
  makeTempDir,
  removeDir,
  spawnBackendService,
  waitFor,
  type BackendService,
} from '@ticketonomics/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import { readFileSync } from 'node:fs';
import { connect as connectTcp } from 'node:net';
import { startApiHarness, type ApiHarness } from './support/api.harness';
import { openStream, refusedStream } from './support/ws.client';

/** Messages kept by the bus watcher: enough for this file's traffic, bounded all the same. */
const BUS_MESSAGES_MAX = 20_000;

interface BusMessage {
  subject: string;
  text: string;
}

let h: ApiHarness;
/** The built gateway as a process: its whole output (pino on stdout, Node's warnings on stderr) is read. */
let gateway: BackendService;
let dataDir: string;
let base: string;
let watcher: NatsConnection;
const bus: BusMessage[] = [];
/** Every key (and secret) this file presents; none may be seen on the bus or in the logs. */
const presented: string[] = [];

beforeAll(async () => {
  h = await startApiHarness();
  await h.community('gamma', []);
  dataDir = await makeTempDir('api-key-secrecy-');
  gateway = await spawnBackendService({
    name: 'api-gateway',
    nats: h.nats,
    dataDir,
    env: { LOG_LEVEL: 'trace' },
  });
  base = `http://127.0.0.1:${gateway.httpPort}`;
  watcher = await h.nats.connect();
}, 90_000);

afterAll(async () => {
  await watcher?.close();
  if (gateway?.process.running) await gateway.process.stop();
  await h?.close();
  if (dataDir !== undefined) await removeDir(dataDir);
});

/**
 * Watch every subject (commands, replies to every inbox, events, JetStream) from now on. Keys are created
 * before: the create reply, which holds the key once for its creator, is not what this is about.
 */
async function watchBus(): Promise<() => Promise<void>> {
  const subscription = watcher.subscribe('>', {
    callback: (error, message) => {
      if (error !== null || bus.length >= BUS_MESSAGES_MAX) return;
      bus.push({ subject: message.subject, text: Buffer.from(message.data).toString('latin1') });
    },
  });
  await watcher.flush();
  return async () => {
    // Whatever was published before this point has reached the watcher once the flush returns.
    await watcher.flush();
    subscription.unsubscribe();
  };
}

/** What the gateway answers to `text` sent as is over one TCP connection. */
const rawRequest = (text: string) =>
  new Promise<string>((resolve, reject) => {
    let answer = '';
    const socket = connectTcp(gateway.httpPort, '127.0.0.1', () => socket.write(text));
    socket.setTimeout(5_000, () => socket.destroy(new Error('no answer within 5 s')));
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
  });

const get = (path: string, key: string, header: 'bearer' | 'x-api-key' = 'bearer') =>
  fetch(`${base}${path}`, {
    headers: header === 'bearer' ? { Authorization: `Bearer ${key}` } : { 'X-Api-Key': key },
  });

const createKey = async (scopes: ('read' | 'admin')[] = ['read']) => {
  const made = await h.createKey('gamma', scopes);
  presented.push(made.key, parseApiKey(made.key)!.secret);
  return made;
};

const expectNoKeyIn = (texts: string[]) => {
  for (const secret of presented) {
    for (const text of texts)
      expect(text.includes(secret) ? `${secret} in ${text}` : 'absent').toBe('absent');
  }
};

describe('an API key on its way through the gateway', () => {
  let stopWatching: () => Promise<void>;
  let key: string;
  let keyId: string;
  /** The key with another secret. */
  let wrong: string;
  /** A key revoked while the bus is watched. */
  let revoked: { key: string; keyId: string };

  beforeAll(async () => {
    ({ key, keyId } = await createKey(['read', 'admin']));
    const secret = parseApiKey(key)!.secret;
    wrong = `tk_${keyId}_${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    presented.push(wrong, parseApiKey(wrong)!.secret);
    revoked = await createKey();
    stopWatching = await watchBus();
  });

  it('is verified over HTTP with its id and the hash of its secret on the bus, never the key', async () => {
    const reply = await get('/v1/key', key);
    expect(reply.status).toBe(200);
    expect(await reply.json()).toMatchObject({ keyId, communityId: 'gamma', scopes: ['read', 'admin'] });
    await watcher.flush();
    const asked = bus.filter((message) => message.subject === ApiKeyCommands.apiKeyVerify.subject);
    expect(asked.map((message) => JSON.parse(message.text))).toEqual([
      { keyId, secretHash: apiKeySecretHash(parseApiKey(key)!.secret) },
    ]);
  });

  it('is refused over HTTP, wrong, unknown or revoked, without the key on the bus', async () => {
    const unknown = `tk_01KB3A5K7Q2W3E4R5T6Y7Z8A9B_${'c'.repeat(43)}`;
    presented.push(unknown);
    expect((await get('/v1/key', wrong)).status).toBe(401);
    expect((await get('/v1/key', unknown, 'x-api-key')).status).toBe(401);
    // A malformed key, and a key in a malformed Authorization header, are refused without asking accounts.
    expect((await get('/v1/key', `${key}x`)).status).toBe(401);
    const malformedHeader = await fetch(`${base}/v1/key`, { headers: { Authorization: `Token ${key}` } });
    expect(malformedHeader.status).toBe(401);

    expect((await get('/v1/communities/gamma/supply', revoked.key, 'x-api-key')).status).toBe(200);
    await h.client.request(ApiKeyCommands.apiKeyRevoke, {
      communityId: 'gamma',
      keyId: revoked.keyId,
      revokedBy: 'cli:test',
    });
    const refused = await waitFor(
      async () => {
        const reply = await get('/v1/key', revoked.key);
        return reply.status === 401 ? reply : undefined;
      },
      { timeoutMs: 5_000, intervalMs: 20, description: 'the revoked key to be refused' },
    );
    expect(await refused.json()).toMatchObject({ error: { details: { reason: 'revoked' } } });
  });

  it('opens an event stream with the key in the query, without the key on the bus', async () => {
    const stream = await openStream(
      `ws://127.0.0.1:${gateway.httpPort}/v1/communities/gamma/events?key=${key}`,
    );
    stream.close();
    // A wrong key refused over HTTP before is refused here from the gateway's memory of it.
    const refused = await refusedStream(
      `ws://127.0.0.1:${gateway.httpPort}/v1/communities/gamma/events?key=${wrong}`,
    );
    expect(refused.status).toBe(401);
  });

  it('refuses a request target that is not a URL, holding a key, without logging the target', async () => {
    const events = `/v1/communities/gamma/events?key=${key}`;
    const upgrade = await rawRequest(
      `GET http://[::1${events} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    expect(upgrade).toMatch(/^HTTP\/1\.1 400 /);
    expect(upgrade).toContain('VALIDATION_FAILED');
    const plain = await rawRequest(
      `GET http://[::1${events} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
    );
    expect(plain).toMatch(/^HTTP\/1\.1 400 /);
    expect(plain).toContain('VALIDATION_FAILED');
  });

  it('never put a key or a secret in any message on the bus', async () => {
    await stopWatching();
    const verifies = bus.filter((message) => message.subject === ApiKeyCommands.apiKeyVerify.subject);
    // The checks above did reach accounts (the cache and the malformed-key check spare it the rest).
    expect(verifies.length).toBeGreaterThanOrEqual(4);
    for (const message of verifies) {
      expect(Object.keys(JSON.parse(message.text)).sort()).toEqual(['keyId', 'secretHash']);
    }
    expect(bus.length).toBeLessThan(BUS_MESSAGES_MAX);
    expectNoKeyIn(bus.map((message) => message.text));
  });

  it('never wrote a key or a secret to its output, even logging at trace level', async () => {
    // Stopped first, so every line it wrote is in the file.
    await gateway.process.stop();
    const output = readFileSync(gateway.process.logPath, 'utf8').split('\n');
    expect(output.some((line) => line.includes('api-gateway ready'))).toBe(true);
    expectNoKeyIn(output);
  });
});
