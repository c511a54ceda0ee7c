import { SharedLimitsBucket } from '@ticketonomics/messaging';
import { TEST_BUS_ENV } from '@ticketonomics/testing';
import { EventEmitter } from 'node:events';
import type { NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import { Registry } from 'prom-client';
import { WebSocket } from 'ws';
import { ApiGatewayConfigSchema } from '../config/api-gateway.config';
import { ApiMetrics } from '../metrics/api.metrics';
import { EventHub } from './event.hub';
import { EventStreamServer, wants, WS_CLOSE, type StreamGrant } from './event-stream.server';

const grant = (overrides: Partial<StreamGrant> = {}): StreamGrant => ({
  communityId: 'a',
  types: [],
  includeIntegrationEvents: false,
  keyId: 'K1',
  ...overrides,
});

/** Just enough of a ws socket: an open one whose send buffer the test sets. */
class FakeSocket extends EventEmitter {
  readyState: number = WebSocket.OPEN;
  bufferedAmount = 0;
  sent: string[] = [];
  closedWith: number | null = null;
  send(data: string): void {
    this.sent.push(data);
  }
  close(code: number): void {
    this.closedWith = code;
    this.readyState = WebSocket.CLOSING;
  }
  terminate(): void {
    this.readyState = WebSocket.CLOSED;
  }
  ping(): void {}
}

let nextSeq = 1;
/** An event as its owner publishes it, at the stream's next position: [subject, body, seq]. */
const event = (type: string, communityid = 'a', seq = nextSeq++): [string, Uint8Array, number] => [
  type,
  new TextEncoder().encode(
    JSON.stringify({ type, source: `ticketonomics/${type.split('.')[2]}`, communityid, data: {} }),
  ),
  seq,
];
const POSTED = 'tk.evt.ledger.transfer.posted';

describe('EventStreamServer', () => {
  const logger = pino({ level: 'silent' });
  const config = ApiGatewayConfigSchema.parse({ ...TEST_BUS_ENV, WS_SEND_BUFFER_MAX_BYTES: '1024' });
  let hub: EventHub;
  let server: EventStreamServer;

  beforeEach(() => {
    hub = new EventHub({} as NatsConnection, logger);
    // Never asked here: these cases serve sockets directly, past the per-key cap (api-access e2e covers it).
    const limitsBucket = new SharedLimitsBucket(
      {} as NatsConnection,
      { bucket: 'tk_limits_unused', replicas: 1, ttlMs: 60_000, timeoutMs: 1_000 },
      logger,
    );
    server = new EventStreamServer(hub, new ApiMetrics(new Registry()), config, logger, limitsBucket);
  });

  const connect = (streamGrant: StreamGrant): FakeSocket => {
    const socket = new FakeSocket();
    (server as unknown as { serve(socket: unknown, grant: StreamGrant): void }).serve(socket, streamGrant);
    return socket;
  };

  it('sends the events of its grant, in order', () => {
    const socket = connect(grant({ types: ['tk.evt.ledger.*'] }));
    hub.dispatch(...event('tk.evt.ledger.transfer.posted'));
    hub.dispatch(...event('tk.evt.accounts.membership.joined'));
    hub.dispatch(...event('tk.evt.ledger.account.opened'));
    hub.dispatch(...event('tk.evt.ledger.account.opened', 'b'));
    expect(socket.sent.map((json) => JSON.parse(json).type)).toEqual([
      'tk.evt.ledger.transfer.posted',
      'tk.evt.ledger.account.opened',
    ]);
  });

  it('drops a client that falls behind with 1013 and stops sending to it', () => {
    const socket = connect(grant());
    socket.bufferedAmount = 1_000;
    hub.dispatch(...event('tk.evt.ledger.transfer.posted'));
    expect(socket.closedWith).toBe(WS_CLOSE.tryAgainLater);
    expect(socket.sent).toEqual([]);
    expect(hub.listenerCount).toBe(0);
  });

  it('closes the streams of a revoked key with 1008, and only those', () => {
    const revoked = connect(grant({ keyId: 'K1' }));
    const kept = connect(grant({ keyId: 'K2' }));
    server.closeKey('K1');
    expect(revoked.closedWith).toBe(WS_CLOSE.policyViolation);
    expect(kept.closedWith).toBeNull();
  });

  it('tells each event its stream position', () => {
    const socket = connect(grant());
    hub.dispatch(...event(POSTED, 'a', 41));
    expect(JSON.parse(socket.sent[0]!)).toMatchObject({ streamseq: 41, type: POSTED, communityid: 'a' });
  });

  it('resumes a client with the events it missed, then the live ones held meanwhile, each once', async () => {
    const stored = [1, 2, 3, 4, 5].map((seq) => event(POSTED, seq === 4 ? 'b' : 'a', seq));
    for (const message of stored) hub.dispatch(...message);
    let releaseReplay!: () => void;
    const replayHeld = new Promise<void>((resolve) => (releaseReplay = resolve));
    jest.spyOn(hub, 'bounds').mockResolvedValue({ firstSeq: 1, lastSeq: 5 });
    const replay = jest.spyOn(hub, 'replay').mockImplementation(async function* (communityId, from, to) {
      await replayHeld;
      for (const [subject, data, seq] of stored) {
        if (seq < from || seq > to) continue;
        const parsed = (hub as unknown as { parse(...a: unknown[]): { communityId: string } }).parse(
          subject,
          data,
          seq,
        );
        if (parsed.communityId === communityId) yield parsed as never;
      }
    });
    const socket = connect(grant({ afterSeq: 1 }));
    // Live while the replay runs: held, and sent after it.
    hub.dispatch(...event(POSTED, 'a', 6));
    hub.dispatch(...event(POSTED, 'a', 7));
    expect(socket.sent).toEqual([]);
    releaseReplay();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(replay).toHaveBeenCalledWith('a', 2, 5);
    hub.dispatch(...event(POSTED, 'a', 8));
    expect(socket.sent.map((json) => JSON.parse(json).streamseq)).toEqual([2, 3, 5, 6, 7, 8]);
  });

  it('resumes a client that came before the gateway followed the stream up to where following began', async () => {
    let beginFollowing!: (position: number | null) => void;
    const following = jest
      .spyOn(hub, 'positionOnceFollowing')
      .mockReturnValue(new Promise((resolve) => (beginFollowing = resolve)));
    jest.spyOn(hub, 'bounds').mockResolvedValue({ firstSeq: 1, lastSeq: 5 });
    const replay = jest.spyOn(hub, 'replay').mockImplementation(async function* (_communityId, from, to) {
      for (let seq = from; seq <= to; seq += 1) {
        yield { type: POSTED, communityId: 'a', seq, json: JSON.stringify({ streamseq: seq }) };
      }
    });
    const waiting = connect(grant({ afterSeq: 2 }));
    const another = connect(grant({ afterSeq: 2 }));
    // Following begins at 5: what comes after it is live, held until the missed ones are sent.
    beginFollowing(5);
    hub.dispatch(...event(POSTED, 'a', 6));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(following).toHaveBeenCalledTimes(2);
    expect(replay).toHaveBeenCalledWith('a', 3, 5);
    expect(waiting.sent.map((json) => JSON.parse(json).streamseq)).toEqual([3, 4, 5, 6]);
    expect(another.sent.map((json) => JSON.parse(json).streamseq)).toEqual([3, 4, 5, 6]);
  });

  it('gives a client a reset frame when the gateway does not begin following the stream in time', async () => {
    jest.spyOn(hub, 'positionOnceFollowing').mockResolvedValue(null);
    const socket = connect(grant({ afterSeq: 2 }));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(JSON.parse(socket.sent[0]!)).toMatchObject({
      kind: 'reset',
      reason: 'not_following',
      streamseq: 0,
    });
    hub.dispatch(...event(POSTED, 'a', 7));
    expect(socket.sent.map((json) => JSON.parse(json).streamseq)).toEqual([0, 7]);
  });

  it('answers a resume the stream no longer keeps, or too far back, with a reset frame and goes live', async () => {
    hub.dispatch(...event(POSTED, 'a', 20_000));
    jest.spyOn(hub, 'bounds').mockResolvedValue({ firstSeq: 100, lastSeq: 20_000 });
    const replay = jest.spyOn(hub, 'replay');
    const tooOld = connect(grant({ afterSeq: 50 }));
    const tooFar = connect(grant({ afterSeq: 9_000 }));
    await new Promise((resolve) => setTimeout(resolve, 10));
    hub.dispatch(...event(POSTED, 'a', 20_001));
    for (const [socket, reason] of [
      [tooOld, 'too_old'],
      [tooFar, 'too_far'],
    ] as const) {
      const [first, ...rest] = socket.sent.map((json) => JSON.parse(json));
      expect(first).toMatchObject({ kind: 'reset', code: 'RESUME_UNAVAILABLE', reason, streamseq: 20_000 });
      expect(rest.map((frame) => frame.streamseq)).toEqual([20_001]);
    }
    expect(replay).not.toHaveBeenCalled();
  });

  it('shows integration events to admin grants only', () => {
    expect(wants(grant(), 'tk.evt.accounts.apikey.revoked')).toBe(false);
    expect(wants(grant({ includeIntegrationEvents: true }), 'tk.evt.accounts.apikey.revoked')).toBe(true);
    expect(wants(grant({ types: ['tk.evt.ledger.transfer.posted'] }), 'tk.evt.ledger.transfer.pending')).toBe(
      false,
    );
  });
});
