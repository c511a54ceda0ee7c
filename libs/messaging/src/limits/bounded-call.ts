/** A KV call that took longer than the bucket's timeout. */
export class SharedLimitTimeoutError extends Error {
  readonly code = 'SHARED_LIMIT_TIMEOUT';
  constructor(timeoutMs: number) {
    super(`the shared limits bucket did not answer within ${timeoutMs} ms`);
  }
}

/**
 * `call` or a SharedLimitTimeoutError after timeoutMs, whichever comes first: the JetStream client's own
 * timeout covers its requests, this covers everything else a KV call may wait on (a reconnecting client
 * queues requests until it is connected again).
 */
export async function boundedCall<T>(call: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SharedLimitTimeoutError(timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([call, timeout]);
  } finally {
    clearTimeout(timer);
    // A call that lost the race may still fail later: nobody waits for it any more.
    call.catch(() => undefined);
  }
}
