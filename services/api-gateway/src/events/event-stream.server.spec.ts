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

/** An event as its owner publishes it: [subject, body]. */
const event = (type: string, communityid = 'a'): [string, Uint8Array] => [
  type,
  new TextEncoder().encode(
    JSON.stringify({ type, source: `ticketonomics/${type.split('.')[2]}`, communityid, data: {} }),
  ),
];

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

  it('shows integration events to admin grants only', () => {
    expect(wants(grant(), 'tk.evt.accounts.apikey.revoked')).toBe(false);
    expect(wants(grant({ includeIntegrationEvents: true }), 'tk.evt.accounts.apikey.revoked')).toBe(true);
    expect(wants(grant({ types: ['tk.evt.ledger.transfer.posted'] }), 'tk.evt.ledger.transfer.pending')).toBe(
      false,
    );
  });
});
