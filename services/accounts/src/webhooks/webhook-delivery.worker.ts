import { promises as dns, type LookupAddress } from 'node:dns';
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Logger } from 'pino';
import type { WebhookSettings } from '../config/accounts.config';
import type { AccountsStores } from '../store/accounts.stores';
import type { AttemptOutcome, WebhookDeliveries } from './webhook-deliveries.service';
import { privateAddressKind } from './webhook-address.policy';
import type { DueDelivery } from './webhook-deliveries.store';
import { deliveryHeaders } from './webhook.signature';

/** How often old deliveries are pruned. */
const PRUNE_INTERVAL_MS = 60_000;
const USER_AGENT = 'Ticketonomics-Webhooks/1';

/** Every address a host name resolves to (tests put their own resolver in). */
export type ResolveHost = (hostname: string) => Promise<LookupAddress[]>;

const resolveWithDns: ResolveHost = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

/**
 * Sends due deliveries: at most `concurrency` requests in flight, of which at most `communityConcurrency`
 * for one community, free slots dealt to communities in turn (a community with a backlog of thousands or
 * a receiver that always times out cannot delay another community's deliveries); at most `batchSize`
 * read per round, a round every `pollMs` or as soon as kick() is called (after an event is queued, after a
 * request ends). A receiver that does not answer within `timeoutMs` is a failed attempt like any other.
 * Each request is a signed POST of the CloudEvent JSON with a timeout; redirects are not followed (a
 * receiver that moved must be registered again, so a signed body never goes where nobody chose).
 *
 * Unless private addresses are allowed, the host is resolved before each attempt and the attempt refused
 * when any address is loopback, private, link-local or otherwise not public; the connection then goes to
 * the addresses checked, not to a second lookup's answer (which DNS rebinding could make private).
 */
export class WebhookDeliveryWorker {
  private readonly inFlight = new Map<number, Promise<void>>();
  /** Requests in flight per community. */
  private readonly busy = new Map<string, number>();
  /** The community served first in the last round: the next round starts after it. */
  private cursor = '';
  /** Aborts requests in flight at stop: they stay pending and are sent again at the next start. */
  private readonly stopping = new AbortController();
  private running = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private lastPrune = 0;

  constructor(
    private readonly deliveries: WebhookDeliveries,
    private readonly stores: AccountsStores,
    private readonly settings: WebhookSettings,
    private readonly logger: Logger,
    private readonly resolveHost: ResolveHost = resolveWithDns,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Look for due deliveries now instead of at the next poll. */
  kick(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopping.abort();
    this.kick();
    await this.loop;
    await Promise.allSettled([...this.inFlight.values()]);
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        this.round();
        if (Date.now() - this.lastPrune >= PRUNE_INTERVAL_MS) {
          this.lastPrune = Date.now();
          this.deliveries.prune();
        }
      } catch (error) {
        this.logger.error({ err: error }, 'webhook delivery round failed');
      }
      if (!this.running) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.settings.pollMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  /** Start as many due deliveries as there is room for; they finish on their own and kick the next round. */
  private round(): void {
    for (const delivery of this.pick(Date.now())) {
      const sending = this.send(delivery)
        .catch((error: unknown) =>
          this.logger.error({ err: error, deliveryId: delivery.id }, 'webhook attempt not recorded'),
        )
        .finally(() => {
          this.inFlight.delete(delivery.id);
          this.release(delivery.communityId);
          this.kick();
        });
      this.inFlight.set(delivery.id, sending);
      this.busy.set(delivery.communityId, (this.busy.get(delivery.communityId) ?? 0) + 1);
    }
  }

  /**
   * The deliveries to start now: free slots dealt one at a time to the communities with due deliveries,
   * in turn from the one after the community served first last round, none past communityConcurrency in
   * flight. The oldest due deliveries come first within a community.
   */
  private pick(now: number): DueDelivery[] {
    let room = this.settings.concurrency - this.inFlight.size;
    if (room <= 0) return [];
    const queues: DueDelivery[][] = [];
    let read = 0;
    for (const communityId of this.stores.deliveries.dueCommunities(
      this.cursor,
      now,
      this.settings.batchSize,
    )) {
      const busy = this.busy.get(communityId) ?? 0;
      const free = this.settings.communityConcurrency - busy;
      if (free <= 0 || read >= this.settings.batchSize) continue;
      // Its deliveries in flight are still pending and due: read past them.
      const queue = this.stores.deliveries
        .dueOf(communityId, now, Math.min(free + busy, this.settings.batchSize - read))
        .filter((delivery) => !this.inFlight.has(delivery.id))
        .slice(0, free);
      read += queue.length;
      if (queue.length > 0) queues.push(queue);
    }
    if (queues.length > 0) this.cursor = queues[0]![0]!.communityId;
    const picked: DueDelivery[] = [];
    for (let turn = 0; room > 0; turn += 1) {
      const dealt = queues.filter((queue) => turn < queue.length);
      if (dealt.length === 0) break;
      for (const queue of dealt) {
        if (room <= 0) break;
        picked.push(queue[turn]!);
        room -= 1;
      }
    }
    return picked;
  }

  private release(communityId: string): void {
    const left = (this.busy.get(communityId) ?? 1) - 1;
    if (left <= 0) this.busy.delete(communityId);
    else this.busy.set(communityId, left);
  }

  private async send(delivery: DueDelivery): Promise<void> {
    const timestampSec = Math.floor(Date.now() / 1000);
    const signal = AbortSignal.any([AbortSignal.timeout(this.settings.timeoutMs), this.stopping.signal]);
    let outcome: AttemptOutcome;
    try {
      const url = new URL(delivery.url);
      const target = await this.vetted(url, signal);
      if ('refused' in target) {
        outcome = { statusCode: null, error: target.refused };
      } else {
        const headers: OutgoingHttpHeaders = {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(delivery.body),
          'User-Agent': USER_AGENT,
          ...deliveryHeaders({ ...delivery, timestampSec }),
        };
        const status = await postTo(url, target.addresses, headers, delivery.body, signal);
        outcome = { statusCode: status, error: failureOf(status) };
      }
    } catch (error) {
      if (this.stopping.signal.aborted) return;
      outcome = { statusCode: null, error: describeRequestError(error, this.settings.timeoutMs) };
    }
    this.deliveries.recordAttempt(delivery, outcome);
  }

  /** The addresses the attempt may connect to, or why it is refused. */
  private async vetted(
    url: URL,
    signal: AbortSignal,
  ): Promise<{ addresses: LookupAddress[] } | { refused: string }> {
    // URL keeps an IPv6 literal in brackets; an IP literal is its own only address.
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const family = isIP(host);
    const addresses =
      family !== 0 ? [{ address: host, family }] : await untilAborted(this.resolveHost(host), signal);
    if (addresses.length === 0) return { refused: `request failed: ${host} has no address` };
    if (this.settings.allowPrivateAddresses) return { addresses };
    for (const { address } of addresses) {
      const kind = privateAddressKind(address);
      if (kind !== null) return { refused: `refused: resolves to a private address (${address}, ${kind})` };
    }
    return { addresses };
  }
}

/**
 * POST the body over a connection to one of `addresses` only, and answer the response's status. The URL
 * still gives the Host header and, for https, the TLS server name and the name the certificate must bear.
 */
function postTo(
  url: URL,
  addresses: LookupAddress[],
  headers: OutgoingHttpHeaders,
  body: string,
  signal: AbortSignal,
): Promise<number> {
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all === true) callback(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  };
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<number>((resolve, reject) => {
    // agent: false, a connection of its own: a pooled one is keyed by host name, not by the address vetted.
    const outgoing = request(
      url,
      { method: 'POST', headers, lookup: pinned, agent: false, signal },
      (response) => {
        // The response body is not read (nothing in it matters, and it could be endless): drop the connection.
        response.destroy();
        resolve(response.statusCode ?? 0);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** The promise's outcome, or the signal's reason as soon as it aborts (a DNS lookup cannot be cancelled). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** null for a 2xx; otherwise what the log shows. */
function failureOf(status: number): string | null {
  if (status >= 200 && status < 300) return null;
  if (status >= 300 && status < 400)
    return `HTTP ${status}: redirects are not followed; register the new URL`;
  return `HTTP ${status}`;
}

/** A short, safe reason for a request that got no response (never a stack). */
function describeRequestError(error: unknown, timeoutMs: number): string {
  // Read by shape, not instanceof: errors may come from another realm (as under jest).
  const { name, message, code, cause } = (error ?? {}) as {
    name?: string;
    message?: string;
    code?: unknown;
    cause?: unknown;
  };
  if (name === 'TimeoutError' || name === 'AbortError') return `no response within ${timeoutMs} ms`;
  if (typeof code === 'string') return `request failed: ${code}`;
  const { code: causeCode, message: causeMessage } = (cause ?? {}) as { code?: unknown; message?: unknown };
  if (typeof causeCode === 'string') return `request failed: ${causeCode}`;
  if (typeof causeMessage === 'string') return `request failed: ${causeMessage}`;
  return `request failed: ${message ?? String(error)}`;
}
