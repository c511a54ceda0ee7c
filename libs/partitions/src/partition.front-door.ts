import {
  DomainError,
  isDomainError,
  parseOrThrow,
  type CommandParsedRequest,
  type CommandSpec,
  type ErrorBody,
  type Reply,
} from '@ticketonomics/contracts';
import { decodeText, encodeJson, replyEpochOf } from '@ticketonomics/messaging';
import { errors, type Msg, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { partitionLabel } from '@ticketonomics/contracts';
import { partitionOf } from './partition.hash';
import { partitionSubject } from './partition.subjects';

/**
 * Where a command goes:
 * - the partition of the community it names (the request is passed on as it came);
 * - the global partition, for data of no community (users and their identities), when the service has one;
 * - every community partition, answered by the one that knows (an id alone, such as a transfer id);
 * - some partitions, each with its own part of the request, their replies merged into one (a batch over
 *   communities of several partitions, a report over all of them);
 * - one community partition first, and another route when its reply is a miss (an id made to hash to
 *   its partition, while ids made before that are found by asking them all).
 */
export type PartitionRoute =
  | { communityId: string }
  | { global: true }
  | { everyPartition: true }
  | { fanOut: { partition: number; request: unknown }[]; merge(replies: Reply<unknown>[]): Reply<unknown> }
  | { first: number; missed(reply: Reply<unknown>): boolean; otherwise: PartitionRoute };

/** What a route may ask: the partition of a community, and how many community partitions there are. */
export interface RouteContext {
  partitionOf(communityId: string): number;
  readonly partitionCount: number;
}

/**
 * The index of a service's global partition: one past its community partitions, so leases, fences, files
 * and subjects treat it as one more partition while communities never hash to it.
 */
export function globalPartitionOf(partitionCount: number): number {
  return partitionCount;
}

export interface RoutedCommand {
  spec: CommandSpec;
  route(request: unknown, context: RouteContext): PartitionRoute;
}

/** A command and how to find its partition from its (validated) request. */
export function routed<C extends CommandSpec>(
  spec: C,
  route: (request: CommandParsedRequest<C>, context: RouteContext) => PartitionRoute,
): RoutedCommand {
  return { spec, route: (request, context) => route(request as CommandParsedRequest<C>, context) };
}

/** Answers a command in this process: the replica serves the partition itself. */
export type LocalHandler = (subject: string, data: Uint8Array) => Promise<Uint8Array>;

export interface PartitionFrontDoorOptions {
  connection: NatsConnection;
  service: string;
  /** The community partitions: communities hash over these. */
  partitionCount: number;
  /** Whether the service also has a global partition (numbered partitionCount) for `{ global: true }` routes. */
  globalPartition?: boolean;
  commands: readonly RoutedCommand[];
  logger: Logger;
  /** How long a request waits for its partition to get an owner (a move or a failover) before UNAVAILABLE. */
  ownerWaitMs: number;
  /** How long the owner has to answer once reached; under the callers' own timeout (5 s by default). */
  ownerTimeoutMs: number;
  /** Requests being forwarded at once past which new ones get OVERLOADED. */
  inFlightMax: number;
  /** The handler of a partition this replica serves, so its commands skip the hop through NATS. */
  local?: (partition: number) => LocalHandler | undefined;
}

const RETRY_DELAY_MS_FIRST = 50;
const RETRY_DELAY_MS_MAX = 500;

/**
 * What a plain client reaches: every replica answers the service's public subjects in one queue group, and
 * passes each request on to the replica that owns the command's partition (one more NATS hop, or none when
 * that is this replica), relaying its reply byte for byte. While a partition has no owner (moving, or its owner died and the lease has not
 * expired yet) requests wait up to ownerWaitMs, then get UNAVAILABLE, which callers retry with the same
 * idempotency id. A request the owner took but did not answer in time is not sent again: it may have been
 * applied, and only the caller's retry with its id can tell.
 */
export class PartitionFrontDoor {
  private readonly subscriptions: Subscription[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly context: RouteContext;
  private readonly replyEpoch: () => number;

  constructor(private readonly options: PartitionFrontDoorOptions) {
    this.replyEpoch = replyEpochOf(options.connection);
    this.context = {
      partitionCount: options.partitionCount,
      partitionOf: (communityId) => partitionOf(communityId, options.partitionCount),
    };
  }

  start(): void {
    for (const command of this.options.commands) {
      this.subscriptions.push(
        this.options.connection.subscribe(command.spec.subject, {
          queue: this.options.service,
          callback: (error, msg) => {
            if (error) {
              this.options.logger.error({ err: error, subject: command.spec.subject }, 'subscription error');
              return;
            }
            const work = this.handle(command, msg);
            this.inFlight.add(work);
            void work.finally(() => this.inFlight.delete(work));
          },
        }),
      );
    }
  }

  /** Stops taking requests and waits for those being forwarded. */
  async close(): Promise<void> {
    await Promise.all(this.subscriptions.map((sub) => sub.drain().catch(() => undefined)));
    this.subscriptions.length = 0;
    await Promise.allSettled([...this.inFlight]);
  }

  private async handle(command: RoutedCommand, msg: Msg): Promise<void> {
    const receivedIn = this.replyEpoch();
    const reply = await this.answer(command, msg).catch((error: unknown) =>
      encodeJson(this.failure(command.spec.subject, error)),
    );
    if (!msg.reply) return;
    // Once the connection was re-established the server refuses the reply; the requester retries.
    if (this.replyEpoch() !== receivedIn) return;
    try {
      msg.respond(reply);
    } catch (error) {
      this.options.logger.warn({ err: error, subject: command.spec.subject }, 'could not send reply');
    }
  }

  private async answer(command: RoutedCommand, msg: Msg): Promise<Uint8Array> {
    if (this.inFlight.size > this.options.inFlightMax) {
      throw new DomainError(
        'OVERLOADED',
        `the service is handling ${this.options.inFlightMax} requests; retry shortly`,
      );
    }
    const request = parseOrThrow(command.spec.request, parseJson(msg.data));
    return this.follow(command.spec.subject, command.route(request, this.context), msg.data);
  }

  private async follow(subject: string, route: PartitionRoute, data: Uint8Array): Promise<Uint8Array> {
    if ('communityId' in route) {
      const partition = partitionOf(route.communityId, this.options.partitionCount);
      return this.forward(subject, partition, data);
    }
    if ('global' in route) {
      if (this.options.globalPartition !== true) {
        throw new Error(
          `${subject} is routed to the global partition, which ${this.options.service} has not`,
        );
      }
      return this.forward(subject, globalPartitionOf(this.options.partitionCount), data);
    }
    if ('fanOut' in route) return this.fanOut(subject, route);
    if ('first' in route) {
      assertPartitionIndex(route.first, this.options.partitionCount);
      const reply = await this.forward(subject, route.first, data);
      if (!route.missed(parseJson(reply) as Reply<unknown>)) return reply;
      return this.follow(subject, route.otherwise, data);
    }
    return this.askEveryPartition(subject, data);
  }

  /** Each part to its partition at once; a part that got no answer counts as its error reply. */
  private async fanOut(
    subject: string,
    route: Extract<PartitionRoute, { fanOut: unknown }>,
  ): Promise<Uint8Array> {
    const replies = await Promise.all(
      route.fanOut.map(async (part): Promise<Reply<unknown>> => {
        try {
          const reply = await this.forward(subject, part.partition, encodeJson(part.request));
          return parseJson(reply) as Reply<unknown>;
        } catch (error) {
          return this.failure(subject, error);
        }
      }),
    );
    return encodeJson(route.merge(replies));
  }

  /** Sends the request to the partition's owner, waiting for one while the partition has none. */
  private async forward(subject: string, partition: number, data: Uint8Array): Promise<Uint8Array> {
    const local = this.options.local?.(partition);
    if (local !== undefined) return local(subject, data);
    const target = partitionSubject(this.options.service, partition, subject);
    const deadline = Date.now() + this.options.ownerWaitMs;
    let delayMs = RETRY_DELAY_MS_FIRST;
    for (;;) {
      try {
        const reply = await this.options.connection.request(target, data, {
          timeout: this.options.ownerTimeoutMs,
        });
        return reply.data;
      } catch (error) {
        if (!(error instanceof errors.RequestError && error.isNoResponders())) throw error;
        const remainingMs = deadline - Date.now();
        if (remainingMs <= 0) {
          throw new DomainError(
            'UNAVAILABLE',
            `partition ${partitionLabel(partition)} of ${this.options.service} has no replica serving it right now (it is moving or its replica stopped); retry in a few seconds`,
            { subject, state: 'partition-unowned' },
          );
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(delayMs, remainingMs)));
        delayMs = Math.min(delayMs * 2, RETRY_DELAY_MS_MAX);
      }
    }
  }

  /**
   * A command that names no community (an id alone): every community partition is asked at once and the
   * one that knows the id answers. NOT_FOUND only when every partition said so.
   */
  private async askEveryPartition(subject: string, data: Uint8Array): Promise<Uint8Array> {
    const partitions = Array.from({ length: this.options.partitionCount }, (_, partition) => partition);
    const replies = await Promise.allSettled(
      partitions.map((partition) => this.forward(subject, partition, data)),
    );
    let notFound: Uint8Array | undefined;
    for (const reply of replies) {
      if (reply.status !== 'fulfilled') continue;
      const body = parseJson(reply.value) as { ok?: boolean; error?: { code?: string } };
      if (body.ok === true || body.error?.code !== 'NOT_FOUND') return reply.value;
      notFound = reply.value;
    }
    const failed = replies.find((reply) => reply.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    if (notFound === undefined) throw new Error(`no partition answered ${subject}`);
    return notFound;
  }

  private failure(subject: string, error: unknown): { ok: false; error: ErrorBody } {
    if (isDomainError(error)) return { ok: false, error: error.toBody() };
    if (error instanceof errors.TimeoutError) {
      return {
        ok: false,
        error: new DomainError(
          'UNAVAILABLE',
          `${subject} did not answer within ${this.options.ownerTimeoutMs} ms; retry with the same id to learn its outcome`,
          { subject, timeoutMs: this.options.ownerTimeoutMs },
        ).toBody(),
      };
    }
    this.options.logger.error({ err: error, subject }, 'forwarding failed unexpectedly');
    return {
      ok: false,
      error: { code: 'INTERNAL', message: 'the service failed to pass this request on; retry later' },
    };
  }
}

function assertPartitionIndex(partition: number, partitionCount: number): void {
  if (!Number.isInteger(partition) || partition < 0 || partition >= partitionCount) {
    throw new Error(`partition ${partition} is not one of the ${partitionCount} community partitions`);
  }
}

function parseJson(bytes: Uint8Array): unknown {
  const text = bytes.length === 0 ? '{}' : decodeText(bytes);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DomainError('VALIDATION_FAILED', '$: the request body is not valid JSON; send a JSON object', {
      field: '$',
      issues: [{ field: '$', message: 'invalid JSON' }],
    });
  }
}
