import {
  DomainError,
  ERROR_CODES,
  type CommandRequest,
  type CommandResponse,
  type CommandSpec,
  type ErrorCode,
} from '@ticketonomics/contracts';
import { errors, type NatsConnection } from '@nats-io/transport-node';
import { decodeText, encodeJson } from '../codec';

export const REQUEST_TIMEOUT_MS_DEFAULT = 5_000;

export interface CommandClientOptions {
  timeoutMs?: number;
}

/**
 * Calls another service's commands over NATS request/reply. Success returns the reply's data; an
 * `{"ok":false}` reply is thrown as a DomainError with the service's code; no responder or no reply in
 * time is thrown as UNAVAILABLE, so callers handle "the service is down" like any other expected failure.
 */
export class CommandClient {
  private readonly timeoutMs: number;

  constructor(
    private readonly connection: NatsConnection,
    options: CommandClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS_DEFAULT;
  }

  async request<C extends CommandSpec>(
    command: C,
    payload: CommandRequest<C>,
    options: CommandClientOptions = {},
  ): Promise<CommandResponse<C>> {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    let raw: Uint8Array;
    try {
      const msg = await this.connection.request(command.subject, encodeJson(payload), { timeout: timeoutMs });
      raw = msg.data;
    } catch (error) {
      throw toUnavailable(command.subject, timeoutMs, error);
    }
    const reply = JSON.parse(decodeText(raw)) as
      | { ok: true; data: CommandResponse<C> }
      | { ok: false; error: { code: string; message: string; details?: Record<string, unknown> } };
    if (reply.ok) return reply.data;
    const code = (ERROR_CODES as readonly string[]).includes(reply.error.code)
      ? (reply.error.code as ErrorCode)
      : 'INTERNAL';
    // The replying service's details, carried unchecked: a reader checks them with detailsOf.
    throw DomainError.fromBody({ code, message: reply.error.message, details: reply.error.details });
  }
}

function toUnavailable(subject: string, timeoutMs: number, error: unknown): DomainError {
  if (error instanceof errors.RequestError && error.isNoResponders()) {
    return new DomainError('UNAVAILABLE', `no service answers ${subject}; start it or check NATS_URL`, {
      subject,
    });
  }
  if (error instanceof errors.TimeoutError) {
    return new DomainError('UNAVAILABLE', `${subject} did not answer within ${timeoutMs} ms; retry later`, {
      subject,
      timeoutMs,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new DomainError('UNAVAILABLE', `${subject} could not be reached (${message}); retry later`, {
    subject,
  });
}
