import { BotApiError } from './bot-api.errors';
import type { FailNextWithOptions } from './telegram-emulator.types';

interface Scripted {
  method: string;
  chatId: number | undefined;
  remaining: number;
  error: BotApiError;
}

/**
 * Errors a test queued for the next calls of a method (optionally only into one chat), answered instead of
 * the call: for failures the emulated state cannot produce on its own at the right moment, such as a user
 * blocking the bot between two calls.
 */
export class ScriptedFailures {
  private readonly scripted: Scripted[] = [];

  add(method: string, errorCode: number, description: string, options: FailNextWithOptions = {}): void {
    const count = options.count ?? 1;
    if (count <= 0) return;
    this.scripted.push({
      method,
      chatId: options.chatId,
      remaining: count,
      error: new BotApiError(errorCode, description),
    });
  }

  /** The error to answer this call with, counting it; undefined to let the call through. */
  take(method: string, chatId: number | undefined): BotApiError | undefined {
    const index = this.scripted.findIndex(
      (entry) => entry.method === method && (entry.chatId === undefined || entry.chatId === chatId),
    );
    const entry = this.scripted[index];
    if (entry === undefined) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.scripted.splice(index, 1);
    return entry.error;
  }
}
