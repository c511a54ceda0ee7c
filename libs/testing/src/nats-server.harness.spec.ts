import { existsSync } from 'node:fs';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { busRefusal } from './bus-refusal';
import { guardedChildPids } from './child-reaper';
import { startNatsServer, type NatsServerHarness } from './nats-server.harness';
import { waitFor } from './wait-for';

async function connectTo(server: NatsServerHarness): Promise<NatsConnection> {
  return server.connect('operator', { reconnect: false, timeout: 2_000 });
}

async function withConnection<T>(
  server: NatsServerHarness,
  use: (nc: NatsConnection) => Promise<T>,
): Promise<T> {
  const nc = await connectTo(server);
  try {
    return await use(nc);
  } finally {
    await nc.close();
  }
}

describe('startNatsServer', () => {
  let server: NatsServerHarness;

  beforeAll(async () => {
    server = await startNatsServer();
  });

  afterAll(async () => {
    await server?.dispose();
  });

  it('listens on a free 127.0.0.1 port, with its store and log in a temp dir', () => {
    expect(server.url).toBe(`nats://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
    expect(server.running).toBe(true);
    expect(server.storeDir.startsWith(server.dir)).toBe(true);
    expect(existsSync(server.logPath)).toBe(true);
    expect(guardedChildPids()).toContain(server.pid);
  });

  it('lets a client publish and subscribe', async () => {
    await withConnection(server, async (nc) => {
      const sub = nc.subscribe('harness.ping', { max: 1 });
      nc.publish('harness.ping', 'hello');
      for await (const msg of sub) expect(msg.string()).toBe('hello');
    });
  });

  it('runs JetStream: streams, acknowledged publishes, msgID dedupe', async () => {
    await withConnection(server, async (nc) => {
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({ name: 'HARNESS', subjects: ['harness.evt.>'] });
      const js = jetstream(nc);
      const first = await js.publish('harness.evt.created', 'event-1', { msgID: 'evt-1' });
      expect(first).toMatchObject({ stream: 'HARNESS', seq: 1, duplicate: false });
      const again = await js.publish('harness.evt.created', 'event-1', { msgID: 'evt-1' });
      expect(again.duplicate).toBe(true);
    });
  });

  it('keeps the port and the JetStream data across restart()', async () => {
    const pidBefore = server.pid;
    const port = server.port;
    await server.restart();
    expect(server.port).toBe(port);
    expect(server.pid).not.toBe(pidBefore);
    await withConnection(server, async (nc) => {
      const jsm = await jetstreamManager(nc);
      const info = await jsm.streams.info('HARNESS');
      expect(info.state.messages).toBe(1);
      const stored = await jsm.streams.getMessage('HARNESS', { seq: 1 });
      expect(stored?.string()).toBe('event-1');
    });
  });

  it('refuses connections after stop(), and comes back with start()', async () => {
    const pid = server.pid;
    await server.stop();
    expect(server.running).toBe(false);
    expect(server.pid).toBeUndefined();
    expect(guardedChildPids()).not.toContain(pid);
    await expect(connectTo(server)).rejects.toThrow();
    await server.start();
    await withConnection(server, async (nc) => expect(nc.isClosed()).toBe(false));
  });

  it('dies at once on kill(), as in a crash, and keeps its data', async () => {
    await server.kill();
    expect(server.running).toBe(false);
    await expect(connectTo(server)).rejects.toThrow();
    await server.start();
    await withConnection(server, async (nc) => {
      const info = await (await jetstreamManager(nc)).streams.info('HARNESS');
      expect(info.state.messages).toBe(1);
    });
  });
});

describe('startNatsServer options and clean-up', () => {
  it('dispose() stops the server and removes its store dir', async () => {
    const server = await startNatsServer();
    await withConnection(server, async (nc) => {
      await (await jetstreamManager(nc)).streams.add({ name: 'GONE', subjects: ['gone.>'] });
    });
    expect(existsSync(server.storeDir)).toBe(true);
    await server.dispose();
    expect(server.running).toBe(false);
    expect(existsSync(server.storeDir)).toBe(false);
    expect(existsSync(server.dir)).toBe(false);
    await expect(connectTo(server)).rejects.toThrow();
    await server.dispose();
    await expect(server.start()).rejects.toThrow(/disposed/);
  });

  it('starts without JetStream when asked', async () => {
    const server = await startNatsServer({ jetstream: false });
    try {
      await withConnection(server, async (nc) => {
        await expect(jetstreamManager(nc)).rejects.toThrow();
      });
    } finally {
      await server.dispose();
    }
  });

  it('fails clearly, with the log tail, when the port is taken', async () => {
    const first = await startNatsServer({ jetstream: false });
    try {
      const error = await startNatsServer({ port: first.port, jetstream: false }).then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(String(error)).toMatch(/exited during start-up[\s\S]*address already in use/);
    } finally {
      await first.dispose();
    }
  });

  it('is closed: only its users get in, each with its role, and a service refused a subject fails the suite', async () => {
    const server = await startNatsServer({ jetstream: false });
    let disposed = false;
    try {
      await expect(server.connect('nobody')).rejects.toThrow(/cannot read the NATS credentials file/);
      const tool = await server.connect(await server.addTool('audit'));
      expect(await busRefusal(tool.request('tk.cmd.ledger.supply.mint', '{}', { timeout: 2_000 }))).toBe(
        'permissions-violation',
      );
      await tool.close();
      expect(await server.permissionViolations()).toEqual([
        expect.stringMatching(/^tools-audit: .*Publish Violation/),
      ]);
      const ledger = await server.connect('ledger');
      ledger.publish('tk.evt.accounts.activity.rewarded', '{}');
      await ledger.flush();
      await waitFor(async () => (await server.permissionViolations()).length === 2, {
        timeoutMs: 2_000,
        description: "the ledger's violation in the log",
      });
      await ledger.close();
      disposed = true;
      await expect(server.dispose()).rejects.toThrow(/NATS refused subjects to services[\s\S]*ledger: /);
    } finally {
      if (!disposed) await server.dispose();
    }
  });

  it('says how to install nats-server when the binary is missing', async () => {
    await expect(startNatsServer({ binaryPath: '/nonexistent/nats-server' })).rejects.toThrow(
      /apt-get install nats-server/,
    );
  });

  it('leaves no guarded process behind', async () => {
    await waitFor(() => guardedChildPids().length === 0, {
      timeoutMs: 2_000,
      description: 'no guarded pids',
    });
  });
});
