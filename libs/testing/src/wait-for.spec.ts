import { waitFor, WaitForTimeoutError } from './wait-for';

describe('waitFor', () => {
  it('returns the first value that is neither undefined nor false', async () => {
    let calls = 0;
    const value = await waitFor(
      () => {
        calls += 1;
        return calls < 3 ? undefined : { calls };
      },
      { timeoutMs: 1_000, intervalMs: 1, description: 'third call' },
    );
    expect(value).toEqual({ calls: 3 });
  });

  it('accepts async probes and falsy values other than undefined and false', async () => {
    await expect(waitFor(async () => 0, { timeoutMs: 100 })).resolves.toBe(0);
    await expect(waitFor(() => '', { timeoutMs: 100 })).resolves.toBe('');
  });

  it('times out with the description in the message', async () => {
    const started = Date.now();
    const failure = waitFor(() => false, {
      timeoutMs: 150,
      intervalMs: 10,
      description: 'the moon to turn blue',
    });
    await expect(failure).rejects.toThrow(WaitForTimeoutError);
    await expect(failure).rejects.toThrow(/Timed out after 150 ms waiting for the moon to turn blue/);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('treats a throwing probe as "not yet" and reports its last error', async () => {
    await expect(
      waitFor(
        () => {
          throw new Error('connection refused');
        },
        { timeoutMs: 50, intervalMs: 5, description: 'a server' },
      ),
    ).rejects.toThrow(/waiting for a server .*last error: connection refused/);
  });

  it('does not let a hanging probe hold the caller past timeoutMs', async () => {
    const started = Date.now();
    await expect(
      waitFor(() => new Promise<boolean>(() => undefined), { timeoutMs: 100, description: 'a hung probe' }),
    ).rejects.toThrow(/a hung probe/);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('stops at once when its signal is aborted', async () => {
    const controller = new AbortController();
    const reason = new Error('process exited');
    setTimeout(() => controller.abort(reason), 20);
    await expect(
      waitFor(() => undefined, { timeoutMs: 5_000, intervalMs: 10, signal: controller.signal }),
    ).rejects.toBe(reason);
  });
});
