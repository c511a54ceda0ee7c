import { SenderSerializer } from './sender-serializer';

/** A task that records when it starts and ends, and ends when released. */
function gate(log: string[], name: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const task = async () => {
    log.push(`${name}:start`);
    await released;
    log.push(`${name}:end`);
  };
  return { task, release };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('SenderSerializer', () => {
  const CHAT = -100;

  it("runs one member's updates in order, and different members' at once", async () => {
    const serializer = new SenderSerializer();
    const log: string[] = [];
    const a1 = gate(log, 'a1');
    const a2 = gate(log, 'a2');
    const b1 = gate(log, 'b1');
    const done = [
      serializer.runAsSender(CHAT, 1, a1.task),
      serializer.runAsSender(CHAT, 1, a2.task),
      serializer.runAsSender(CHAT, 2, b1.task),
    ];
    await tick();
    expect(log).toEqual(['a1:start', 'b1:start']);
    b1.release();
    a1.release();
    await tick();
    expect(log).toContain('a2:start');
    a2.release();
    await Promise.all(done);
    expect(log.indexOf('a1:end')).toBeLessThan(log.indexOf('a2:start'));
  });

  it('runs a chat-wide update after everything before it in its chat, and everything after it once it ended', async () => {
    const serializer = new SenderSerializer();
    const log: string[] = [];
    const a = gate(log, 'a');
    const b = gate(log, 'b');
    const joined = gate(log, 'joined');
    const c = gate(log, 'c');
    const elsewhere = gate(log, 'elsewhere');
    const done = [
      serializer.runAsSender(CHAT, 1, a.task),
      serializer.runAsSender(CHAT, 2, b.task),
      serializer.runBarrier(CHAT, joined.task),
      serializer.runAsSender(CHAT, 3, c.task),
      serializer.runAsSender(CHAT - 1, 3, elsewhere.task),
    ];
    await tick();
    expect(log).toEqual(['a:start', 'b:start', 'elsewhere:start']);
    a.release();
    await tick();
    expect(log).not.toContain('joined:start');
    b.release();
    await tick();
    expect(log).toContain('joined:start');
    expect(log).not.toContain('c:start');
    joined.release();
    await tick();
    expect(log).toContain('c:start');
    c.release();
    elsewhere.release();
    await Promise.all(done);
  });

  it('calls each task with no argument (telegraf takes an argument of next() as the context)', async () => {
    const serializer = new SenderSerializer();
    const argumentCounts: number[] = [];
    const task = (...args: unknown[]) => {
      argumentCounts.push(args.length);
      return Promise.resolve();
    };
    await Promise.all([
      serializer.runAsSender(CHAT, 1, task),
      serializer.runAsSender(CHAT, 1, task),
      serializer.runBarrier(CHAT, task),
      serializer.runAsSender(CHAT, 2, task),
    ]);
    expect(argumentCounts).toEqual([0, 0, 0, 0]);
  });

  it('goes on after a task that failed, and passes its failure to its caller', async () => {
    const serializer = new SenderSerializer();
    const failed = serializer.runAsSender(CHAT, 1, () => Promise.reject(new Error('boom')));
    const next = serializer.runBarrier(CHAT, async () => undefined);
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBeUndefined();
  });
});
