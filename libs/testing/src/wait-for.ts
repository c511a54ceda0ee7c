import { setTimeout as sleep } from 'node:timers/promises';

export type Probe<T> = () => Promise<T | undefined | false> | T | undefined | false;

export interface WaitForOptions {
  /** Overall limit, probe time included. */
  timeoutMs?: number;
  /** Pause between the end of one probe and the start of the next. */
  intervalMs?: number;
  /** What is awaited, for the timeout message: "nats-server on port 4222 to accept connections". */
  description?: string;
  /** Stops waiting at once (for example when the process being waited for has exited). */
  signal?: AbortSignal;
}

export class WaitForTimeoutError extends Error {
  constructor(
    readonly description: string,
    readonly timeoutMs: number,
    readonly attempts: number,
    readonly lastError: unknown,
  ) {
    const last = lastError === undefined ? '' : `; last error: ${errorMessage(lastError)}`;
    super(`Timed out after ${timeoutMs} ms waiting for ${description} (${attempts} attempts${last})`, {
      cause: lastError,
    });
    this.name = 'WaitForTimeoutError';
  }
}

const PROBE_TIMED_OUT = Symbol('probe timed out');

/**
 * Calls probe until it returns something other than undefined or false, and returns that. A probe that
 * throws counts as "not yet"; its last error goes into the timeout message. The probe runs at least once,
 * and a probe that hangs cannot hold the caller past timeoutMs.
 */
export async function waitFor<T>(probe: Probe<T>, options: WaitForOptions = {}): Promise<T> {
  const { timeoutMs = 5_000, intervalMs = 50, description = 'condition', signal } = options;
  const deadline = Date.now() + timeoutMs;
  let attempts = 0;
  let lastError: unknown;
  do {
    signal?.throwIfAborted();
    attempts += 1;
    try {
      const value = await settleWithin(
        Promise.resolve().then(probe),
        Math.max(deadline - Date.now(), 0),
        signal,
      );
      if (value === PROBE_TIMED_OUT) break;
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      signal?.throwIfAborted();
      lastError = error;
    }
    const pauseMs = Math.min(intervalMs, deadline - Date.now());
    if (pauseMs > 0) {
      try {
        await sleep(pauseMs, undefined, { signal });
      } catch (error) {
        // Rethrow the caller's abort reason, not the timer's generic AbortError.
        signal?.throwIfAborted();
        throw error;
      }
    }
  } while (Date.now() < deadline);
  throw new WaitForTimeoutError(description, timeoutMs, attempts, lastError);
}

function settleWithin<T>(
  promise: Promise<T>,
  limitMs: number,
  signal: AbortSignal | undefined,
): Promise<T | typeof PROBE_TIMED_OUT> {
  return new Promise((resolveValue, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolveValue(PROBE_TIMED_OUT);
    }, limitMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolveValue(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
