import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import {
  DomainError,
  isDomainError,
  parseOrThrow,
  type CommandSpec,
  type ErrorBody,
  type Reply,
} from '@ticketonomics/contracts';
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { replyEpochOf } from '../reply.epoch';
import { lastValueFrom } from 'rxjs';
import { decodeText, encodeJson } from '../codec';

export interface JsonNatsServerOptions {
  connection: NatsConnection;
  /** Queue group shared by every replica of the service, so each request reaches exactly one of them. */
  queue: string;
  commands: readonly CommandSpec[];
  logger: Logger;
  /** Requests being handled at once past which new ones get OVERLOADED instead of queueing without bound. */
  inFlightMax?: number;
  /** Largest request body accepted; NATS's own max_payload (1 MiB by default) is the outer bound. */
  requestBytesMax?: number;
  /** How long close() waits for in-flight requests before giving up on them. */
  drainTimeoutMs?: number;
  /**
   * The subject each command is served on, when not its own: a partition's owner serves
   * `tk.part.<service>.<partition>.…` (libs/partitions) with the same handlers.
   */
  subjectOf?: (spec: CommandSpec) => string;
}

export const REQUEST_BYTES_MAX_DEFAULT = 1024 * 1024;
export const IN_FLIGHT_MAX_DEFAULT = 20_000;

/**
 * Serves @MessagePattern handlers over NATS request/reply in the plain JSON wire format: the request body
 * is the command's payload, the reply is `{"ok":true,"data":...}` or `{"ok":false,"error":{...}}`. Payloads
 * are validated against the command's schema before the handler sees them, so handlers get typed input.
 */
export class JsonNatsServer extends Server implements CustomTransportStrategy {
  private readonly subscriptions: Subscription[] = [];
  private readonly specs: Map<string, CommandSpec>;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly inFlightMax: number;
  private readonly requestBytesMax: number;
  private readonly replyEpoch: () => number;

  constructor(private readonly options: JsonNatsServerOptions) {
    super();
    this.replyEpoch = replyEpochOf(options.connection);
    this.specs = new Map(options.commands.map((spec) => [spec.subject, spec]));
    this.inFlightMax = options.inFlightMax ?? IN_FLIGHT_MAX_DEFAULT;
    this.requestBytesMax = options.requestBytesMax ?? REQUEST_BYTES_MAX_DEFAULT;
  }

  listen(callback: (...optionalParams: unknown[]) => void): void {
    try {
      for (const subject of this.messageHandlers.keys()) {
        const spec = this.specs.get(subject);
        if (spec === undefined) {
          throw new Error(`handler for ${subject} has no command spec in libs/contracts`);
        }
        const served = this.options.subjectOf?.(spec) ?? subject;
        const subscription = this.options.connection.subscribe(served, {
          queue: this.options.queue,
          callback: (error, msg) => {
            if (error) {
              this.options.logger.error({ err: error, subject }, 'subscription error');
              return;
            }
            this.track(this.handle(subject, msg));
          },
        });
        this.subscriptions.push(subscription);
      }
      for (const subject of this.specs.keys()) {
        if (!this.messageHandlers.has(subject)) {
          throw new Error(`command ${subject} is in the contract but no handler serves it`);
        }
      }
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /** Stop taking requests, then let the ones in flight finish and reply. */
  async close(): Promise<void> {
    await Promise.all(this.subscriptions.map((sub) => sub.drain().catch(() => undefined)));
    this.subscriptions.length = 0;
    const timeoutMs = this.options.drainTimeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  on(): never {
    throw new Error('JsonNatsServer has no events to listen to');
  }

  unwrap<T>(): T {
    return this.options.connection as T;
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  /**
   * Answers a request in this process, as if it had come over NATS on the command's own subject: a
   * partitioned service's front door uses it for the partitions its own replica serves, saving a hop.
   * Counted in flight like the others, so close() waits for it.
   */
  handleLocal(subject: string, data: Uint8Array): Promise<Uint8Array> {
    const work = this.answer(subject, data).then((reply) => encodeJson(reply));
    this.track(work.then(() => undefined));
    return work;
  }

  private async handle(subject: string, msg: Msg): Promise<void> {
    const receivedIn = this.replyEpoch();
    const reply = await this.answer(subject, msg.data);
    if (!msg.reply) return;
    if (this.replyEpoch() !== receivedIn) {
      this.options.logger.debug(
        { subject },
        'reply dropped: the connection was re-established since the request',
      );
      return;
    }
    try {
      msg.respond(encodeJson(reply));
    } catch (error) {
      this.options.logger.warn({ err: error, subject }, 'could not send reply');
    }
  }

  private async answer(subject: string, body: Uint8Array): Promise<Reply<unknown>> {
    try {
      if (this.inFlight.size > this.inFlightMax) {
        throw new DomainError(
          'OVERLOADED',
          `the service is handling ${this.inFlightMax} requests; retry shortly`,
        );
      }
      const payload = this.decode(body);
      const spec = this.specs.get(subject);
      if (spec === undefined) throw new Error(`no spec for ${subject}`);
      const data = parseOrThrow(spec.request, payload);
      // Read the handler map directly: getHandlerByPattern() tries JSON.parse on every subject first.
      const handler = this.messageHandlers.get(subject);
      if (handler === undefined) throw new Error(`no handler for ${subject}`);
      const result = await lastValueFrom(this.transformToObservable(await handler(data, { subject })), {
        defaultValue: null,
      });
      return { ok: true, data: result };
    } catch (error) {
      return { ok: false, error: this.toErrorBody(subject, error) };
    }
  }

  private decode(bytes: Uint8Array): unknown {
    if (bytes.length > this.requestBytesMax) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `$: the request body is ${bytes.length} bytes; the limit is ${this.requestBytesMax}`,
        { field: '$', issues: [{ field: '$', message: 'body too large' }] },
      );
    }
    const text = bytes.length === 0 ? '{}' : decodeText(bytes);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new DomainError(
        'VALIDATION_FAILED',
        '$: the request body is not valid JSON; send a JSON object',
        {
          field: '$',
          issues: [{ field: '$', message: 'invalid JSON' }],
        },
      );
    }
  }

  private toErrorBody(subject: string, error: unknown): ErrorBody {
    if (isDomainError(error)) return error.toBody();
    this.options.logger.error({ err: error, subject }, 'command failed unexpectedly');
    return {
      code: 'INTERNAL',
      message: 'the service failed to handle this request; it was logged, retry later',
    };
  }
}
