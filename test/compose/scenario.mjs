// What the compose test does with the running system: a payment through the HTTP API, watched and checked
// over NATS as the operator; then containers restart and nothing may be lost: balances, the transfer, the
// members and key (accounts), the event stream; and the system keeps working (a second payment).
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, nkeyAuthenticator } from '@nats-io/transport-node';
import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { say, waitUntil } from './shell.mjs';

export const COMMUNITY = 'compose-check';
const HTTP_TIMEOUT_MS = 15_000;
const UNAVAILABLE_RETRIES_MAX = 10;
const NATS_REQUEST_TIMEOUT_MS = 10_000;
const EVENT_TIMEOUT_MS = 30_000;
const EVENT_STREAM = 'TICKETONOMICS';
const TRANSFER_POSTED = 'tk.evt.ledger.transfer.posted';

/** The operator's seed and inbox prefix from a credentials file (libs/bus-auth's format). */
function readCredentials(file) {
  const field = (name) => new RegExp(`^${name}:\\s*(\\S+)\\s*$`, 'm').exec(readFileSync(file, 'utf8'))?.[1];
  const seed = field('seed');
  const inboxPrefix = field('inbox_prefix');
  if (!seed || !inboxPrefix)
    throw new Error(`${file} has no seed or inbox_prefix: is it a credentials file?`);
  return { seed, inboxPrefix };
}

export class Bus {
  static async open(natsUrl, credentialsFile) {
    const { seed, inboxPrefix } = readCredentials(credentialsFile);
    const nc = await connect({
      servers: natsUrl,
      name: 'compose-test',
      authenticator: nkeyAuthenticator(new TextEncoder().encode(seed)),
      inboxPrefix,
      reconnect: false,
    });
    const bus = new Bus(nc, await jetstreamManager(nc));
    // Every transfer of the test community, as the services publish them.
    const subscription = nc.subscribe(TRANSFER_POSTED);
    void (async () => {
      for await (const msg of subscription) {
        const event = msg.json();
        if (event.communityid === COMMUNITY) bus.posted.push(event.data.transfer.id);
      }
    })();
    return bus;
  }

  constructor(nc, jsm) {
    this.nc = nc;
    this.jsm = jsm;
    this.posted = [];
  }

  async request(subject, payload) {
    const msg = await this.nc.request(subject, JSON.stringify(payload), { timeout: NATS_REQUEST_TIMEOUT_MS });
    const reply = msg.json();
    if (!reply.ok) throw new Error(`${subject}: ${reply.error.code}: ${reply.error.message}`);
    return reply.data;
  }

  waitForPosted(transferId) {
    return waitUntil(`the ${TRANSFER_POSTED} event of ${transferId} over NATS`, EVENT_TIMEOUT_MS, () =>
      this.posted.includes(transferId) ? true : undefined,
    );
  }

  /** The event stream's size and the test community's posted transfers in it, read message by message. */
  async streamTransfers() {
    const { state, config } = await this.jsm.streams.info(EVENT_STREAM);
    const ids = [];
    for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq += 1) {
      const msg = await this.jsm.streams.getMessage(EVENT_STREAM, { seq }).catch(() => null);
      if (msg?.subject !== TRANSFER_POSTED) continue;
      const event = msg.json();
      if (event.communityid === COMMUNITY) ids.push(event.data.transfer.id);
    }
    return {
      messages: state.messages,
      firstSeq: state.first_seq,
      replicas: config.num_replicas,
      ids: ids.sort(),
    };
  }

  close() {
    return this.nc.close();
  }
}

export function httpClient(apiUrl) {
  let key;
  const call = async (method, path, { body, idempotencyKey, status }, attempt = 0) => {
    const headers = { accept: 'application/json' };
    if (key !== undefined) headers.authorization = `Bearer ${key}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
    const response = await fetch(`${apiUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
    });
    const text = await response.text();
    if (response.status === 503 && attempt < UNAVAILABLE_RETRIES_MAX) {
      // A partition changing replicas (scaling, restarts) answers 503 for a moment: retried with the same
      // Idempotency-Key, as a client should, so a write that did land is not made twice.
      const retryAfterMs = Math.min(Number(response.headers.get('retry-after') ?? 1) * 1000, 5_000);
      await new Promise((done) => setTimeout(done, retryAfterMs));
      return call(method, path, { body, idempotencyKey, status }, attempt + 1);
    }
    if (response.status !== status) {
      throw new Error(`${method} ${path}: expected ${status}, got ${response.status}: ${text.slice(0, 500)}`);
    }
    return JSON.parse(text);
  };
  return {
    useKey: (value) => (key = value),
    get: (path) => call('GET', path, { status: 200 }),
    post: (path, body, idempotencyKey) => call('POST', path, { body, idempotencyKey, status: 201 }),
  };
}

/**
 * Runs the scenario against a running compose project. restart() restarts containers and resolves once
 * every one is healthy again.
 */
export async function driveScenario({ apiUrl, natsUrl, operatorCredentials, restart }) {
  const C = `/v1/communities/${COMMUNITY}`;
  const http = httpClient(apiUrl);
  let bus = await Bus.open(natsUrl, operatorCredentials);
  let before;
  try {
    await bus.request('tk.cmd.accounts.community.upsert', { id: COMMUNITY, title: 'Compose check' });
    const created = await bus.request('tk.cmd.accounts.apikey.create', {
      communityId: COMMUNITY,
      name: 'compose test',
      scopes: ['read', 'transfer', 'reward', 'admin'],
      createdBy: 'cli:compose-test',
    });
    http.useKey(created.secret);
    say(`over NATS as the operator: community ${COMMUNITY} and an API key`);

    const register = (name) =>
      http.post(`${C}/members`, { identity: { provider: 'game', externalId: name }, displayName: name });
    const alice = (await register('alice')).user.id;
    const bob = (await register('bob')).user.id;
    const reward = (await http.post(`${C}/rewards`, { memberId: alice, amount: 500, memo: 'welcome' }, 'r-1'))
      .transfer;
    strictEqual(reward.amount, 500);
    const payment = await http.post(
      `${C}/transfers`,
      { from: alice, to: bob, amount: 120, memo: 'compose test' },
      'p-1',
    );
    const paymentId = payment.transfer.id;
    strictEqual(payment.transfer.amount, 120);
    say(`over HTTP: two members, a reward of 500 (${reward.id}) and a payment of 120 (${paymentId})`);

    await bus.waitForPosted(reward.id);
    await bus.waitForPosted(paymentId);
    const bobOnBus = await bus.request('tk.cmd.ledger.balance.get', {
      accountId: `user:${COMMUNITY}:${bob}`,
    });
    strictEqual(bobOnBus.balance, 120);
    before = {
      alice: (await http.get(`${C}/members/${alice}/balance`)).balance,
      bob: (await http.get(`${C}/members/${bob}/balance`)).balance,
      payment: await http.get(`${C}/transfers/${encodeURIComponent(paymentId)}`),
      stream: await bus.streamTransfers(),
    };
    strictEqual(before.bob, 120);
    ok(before.stream.ids.includes(paymentId), 'the payment event is in the event stream');
    strictEqual(before.stream.replicas, 3, 'the event stream keeps a copy on each of the three NATS nodes');
    say(
      `over NATS: both transfer events heard, bob's balance 120, ${before.stream.messages} events in ${EVENT_STREAM}`,
    );
    await bus.close();

    await restart();

    bus = await Bus.open(natsUrl, operatorCredentials);
    strictEqual((await http.get(`${C}/members/${alice}/balance`)).balance, before.alice);
    strictEqual((await http.get(`${C}/members/${bob}/balance`)).balance, before.bob);
    deepStrictEqual(await http.get(`${C}/transfers/${encodeURIComponent(paymentId)}`), before.payment);
    strictEqual((await http.get(`${C}/members/${alice}`)).user.id, alice);
    const after = await bus.streamTransfers();
    strictEqual(after.firstSeq, before.stream.firstSeq);
    ok(after.messages >= before.stream.messages, `${EVENT_STREAM} kept its ${before.stream.messages} events`);
    deepStrictEqual(after.ids, before.stream.ids);
    say(`after the restart: balances, the payment, the members and ${after.messages} events are all there`);

    const again = await http.post(
      `${C}/transfers`,
      { from: bob, to: alice, amount: 20, memo: 'again' },
      'p-2',
    );
    await bus.waitForPosted(again.transfer.id);
    strictEqual((await http.get(`${C}/members/${bob}/balance`)).balance, before.bob - 20);
    const verify = await http.get(`${C}/verify`);
    strictEqual(verify.ok, true, `journal.verify: ${JSON.stringify(verify)}`);
    say('a second payment went through, its event was heard, and the journal verifies');
    return { apiKey: created.secret, alice, bob };
  } finally {
    await bus.close().catch(() => undefined);
  }
}
