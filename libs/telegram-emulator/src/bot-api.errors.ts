/** The error body the Bot API answers with; telegraf turns it into a TelegramError with the same fields. */
export interface BotApiErrorBody {
  ok: false;
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

/** Thrown by a method handler to answer the call with a Telegram-shaped error instead of a result. */
export class BotApiError extends Error {
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly parameters?: BotApiErrorBody['parameters'],
  ) {
    super(description);
    this.name = 'BotApiError';
  }

  toBody(): BotApiErrorBody {
    const body: BotApiErrorBody = { ok: false, error_code: this.errorCode, description: this.description };
    if (this.parameters !== undefined) body.parameters = this.parameters;
    return body;
  }
}

// The descriptions below are the ones Telegram sends, so bot code that matches on them is tested for real.

export function badRequest(detail: string): BotApiError {
  return new BotApiError(400, `Bad Request: ${detail}`);
}

export function forbidden(detail: string): BotApiError {
  return new BotApiError(403, `Forbidden: ${detail}`);
}

export function tooManyRequests(retryAfterS: number): BotApiError {
  return new BotApiError(429, `Too Many Requests: retry after ${retryAfterS}`, { retry_after: retryAfterS });
}

export function conflict(detail: string): BotApiError {
  return new BotApiError(409, `Conflict: ${detail}`);
}

export const UNAUTHORIZED = new BotApiError(401, 'Unauthorized');
export const METHOD_NOT_FOUND = new BotApiError(404, 'Not Found: method not found');
export const NOT_FOUND = new BotApiError(404, 'Not Found');
