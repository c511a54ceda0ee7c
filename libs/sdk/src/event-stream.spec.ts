import { EventStream, type WebSocketLike } from './event-stream';

/** A socket the test drives: it records the URL and opens, sends and closes on demand. */
class FakeSocket implements WebSocketLike {
  static made: FakeSocket[] = [];
  onopen: WebSocketLike['onopen'] = null;
  onmessage: WebSocketLike['onmessage'] = null;
  onclose: WebSocketLike['onclose'] = null;
  onerror: WebSocketLike['onerror'] = null;
  constructor(readonly url: string) {
    FakeSocket.made.push(this);
  }
  open(): void {
    this.onopen?.({});
  }
  send(frame: unknown): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  close(code = 1006, reason = ''): void {
    this.onclose?.({ code, reason });
  }
}

const event = (streamseq: number) => ({ streamseq, specversion: '1.0', id: `e${streamseq}`, type: 't' });
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('EventStream', () => {
  beforeEach(() => (FakeSocket.made = []));

  it('resumes after the last event on each reconnect and hands every event once', async () => {
    const seen: number[] = [];
    const stream = new EventStream({
      baseUrl: 'http://gw.test',
      apiKey: 'tk_1',
      communityId: 'town',
      types: ['tk.evt.ledger.*'],
      onEvent: (received) => seen.push(received.streamseq),
      reconnect: { baseDelayMs: 5, maxDelayMs: 5 },
      WebSocket: FakeSocket,
    });
    const first = FakeSocket.made[0]!;
    expect(first.url).toBe('ws://gw.test/v1/communities/town/events?key=tk_1&types=tk.evt.ledger.*');
    first.open();
    [4, 5, 5, 7].forEach((seq) => first.send(event(seq)));
    first.close(1001);
    await settle();
    const second = FakeSocket.made[1]!;
    expect(new URL(second.url).searchParams.get('after')).toBe('7');
    second.open();
    // A gateway that sends again what was seen: dropped here.
    [6, 7, 8].forEach((seq) => second.send(event(seq)));
    expect(seen).toEqual([4, 5, 7, 8]);
    stream.close();
    await settle();
    expect(FakeSocket.made).toHaveLength(2);
  });

  it('reports a reset and carries on from its position; stops for good on a revoked key', async () => {
    const resets: number[] = [];
    const seen: number[] = [];
    new EventStream({
      baseUrl: 'https://gw.test',
      apiKey: 'tk_1',
      communityId: 'town',
      after: 3,
      onEvent: (received) => seen.push(received.streamseq),
      onReset: (frame) => resets.push(frame.streamseq),
      reconnect: { baseDelayMs: 5, maxDelayMs: 5 },
      WebSocket: FakeSocket,
    });
    const socket = FakeSocket.made[0]!;
    expect(socket.url.startsWith('wss://gw.test/')).toBe(true);
    expect(new URL(socket.url).searchParams.get('after')).toBe('3');
    socket.open();
    socket.send({
      kind: 'reset',
      code: 'RESUME_UNAVAILABLE',
      reason: 'too_old',
      message: 'm',
      streamseq: 90,
    });
    [90, 91].forEach((seq) => socket.send(event(seq)));
    expect(resets).toEqual([90]);
    expect(seen).toEqual([91]);
    socket.close(1008, 'API key revoked');
    await settle();
    expect(FakeSocket.made).toHaveLength(1);
  });
});
