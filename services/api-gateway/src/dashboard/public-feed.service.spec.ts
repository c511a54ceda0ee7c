import { LedgerEvents } from '@ticketonomics/contracts';
import { buildEvent, type SharedConnectionCounter } from '@ticketonomics/messaging';
import type { NatsConnection } from '@nats-io/transport-node';
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import pino from 'pino';
import type { StreamMessage } from '../shared/stream.reader';
import { DASHBOARD_LIMITS_DEFAULT } from './dashboard.limits';
import type { DashboardVisibility } from './dashboard-visibility.service';
import type { MemberLabels } from './member-labels.service';
import { PublicFeed } from './public-feed.service';

const SUBJECT = LedgerEvents.transferPosted.type;
const example = LedgerEvents.transferPosted.example;

/** A transfer.posted of the community at a stream position, as the stream holds it. */
function posted(seq: number, communityId = 'town'): StreamMessage {
  const event = buildEvent(LedgerEvents.transferPosted, {
    source: 'ticketonomics/ledger',
    communityId,
    subject: `transfer/t${seq}`,
    data: { ...example, transfer: { ...example.transfer, id: `t${seq}`, communityId } },
  });
  return { subject: SUBJECT, data: new TextEncoder().encode(JSON.stringify(event)), seq };
}

/** Just enough of a response: the chunks the feed writes, in order, and the SSE frames in them. */
class FakeResponse extends EventEmitter {
  written: string[] = [];
  ended: string | null = null;
  destroyed = false;
  socket = { destroyed: false };
  writableLength = 0;
  writeHead(): void {}
  write(chunk: string): void {
    this.written.push(chunk);
  }
  end(chunk = ''): void {
    this.ended = chunk;
  }
  destroy(): void {
    this.destroyed = true;
  }
  /** The frames of the stream as a browser reads them: blocks ended by a blank line, whatever the chunks. */
  frames(): string[] {
    const stream = this.written.join('') + (this.ended ?? '');
    return stream
      .split('\n\n')
      .filter((block) => block !== '')
      .map((block) => `${block}\n\n`);
  }
  /** The SSE ids of its transfer events. */
  transferIds(): number[] {
    return this.frames()
      .filter((frame) => frame.includes('event: transfer'))
      .map((frame) => Number(/^id: (\d+)/.exec(frame)![1]));
  }
  /** The chunks written that hold transfer events. */
  transferChunks(): string[] {
    return this.written.filter((chunk) => chunk.includes('event: transfer'));
  }
}

describe('PublicFeed resume', () => {
  const labels = {
    party: async (accountId: string) => ({ accountId, kind: 'member', memberId: null, label: accountId }),
    memberLabel: async (id: string) => id,
    typeLabel: async () => null,
  } as unknown as MemberLabels;
  const perAddress = {
    acquire: async () => ({ release: () => undefined }),
  } as unknown as SharedConnectionCounter;
  let feed: PublicFeed;
  let reader: {
    position: number;
    bounds: jest.Mock;
    replay: jest.Mock;
  };

  beforeEach(() => {
    feed = new PublicFeed(
      {} as NatsConnection,
      DASHBOARD_LIMITS_DEFAULT,
      pino({ level: 'silent' }),
      labels,
      {} as DashboardVisibility,
      perAddress,
    );
    reader = { position: 0, bounds: jest.fn(), replay: jest.fn() };
    Object.defineProperty(feed, 'reader', { value: reader });
  });

  const hear = (message: StreamMessage) => {
    reader.position = message.seq;
    (feed as unknown as { receive(message: StreamMessage): void }).receive(message);
  };
  // Past the hold: what the feed held is written by then.
  const settle = () =>
    new Promise((resolve) => setTimeout(resolve, DASHBOARD_LIMITS_DEFAULT.feedHoldMs + 20));

  it('sends the missed events from the stream, then the live ones held meanwhile, each once with its id', async () => {
    const stored = [posted(11), posted(12, 'elsewhere'), posted(13), posted(14)];
    reader.position = 14;
    reader.bounds.mockResolvedValue({ firstSeq: 1, lastSeq: 14 });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    reader.replay.mockImplementation(async function* (from: number, to: number) {
      await held;
      for (const message of stored) if (message.seq >= from && message.seq <= to) yield message;
    });
    const response = new FakeResponse();
    await feed.attach('town', 'addr', response as unknown as ServerResponse, 10);
    hear(posted(15));
    hear(posted(16));
    await settle();
    expect(response.transferIds()).toEqual([]);
    release();
    await settle();
    expect(reader.replay).toHaveBeenCalledWith(11, 14);
    expect(response.transferIds()).toEqual([11, 13, 14, 15, 16]);
    expect(response.frames().find((frame) => frame.startsWith('id: 11\n'))).toContain('"id":"t11"');
  });

  it('answers a position the stream no longer keeps with a reset, then goes live', async () => {
    reader.position = 500;
    reader.bounds.mockResolvedValue({ firstSeq: 200, lastSeq: 500 });
    const response = new FakeResponse();
    await feed.attach('town', 'addr', response as unknown as ServerResponse, 20);
    await settle();
    hear(posted(501));
    await settle();
    const reset = response.frames().find((frame) => frame.includes('event: reset'));
    expect(reset).toBe(
      'id: 500\nevent: reset\ndata: {"code":"RESUME_UNAVAILABLE","reason":"too_old","streamseq":500}\n\n',
    );
    expect(response.transferIds()).toEqual([501]);
    expect(reader.replay).not.toHaveBeenCalled();
  });

  describe('writes', () => {
    const holdMs = DASHBOARD_LIMITS_DEFAULT.feedHoldMs;

    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    const live = async (): Promise<FakeResponse> => {
      const response = new FakeResponse();
      expect(await feed.attach('town', 'addr', response as unknown as ServerResponse)).toBe('attached');
      return response;
    };

    it('writes events that come close together in one chunk, each its own frame with its id', async () => {
      const response = await live();
      const writesBefore = response.written.length;
      for (const seq of [21, 22, 23]) hear(posted(seq));
      await jest.advanceTimersByTimeAsync(holdMs);
      expect(response.written.length).toBe(writesBefore + 1);
      expect(response.transferChunks()).toHaveLength(1);
      expect(response.transferIds()).toEqual([21, 22, 23]);
      const frame = response.frames().find((block) => block.startsWith('id: 22\n'))!;
      expect(frame).toMatch(/^id: 22\nevent: transfer\ndata: \{.*"id":"t22".*\}\n\n$/);
    });

    it('writes a single event by the end of the hold', async () => {
      const response = await live();
      hear(posted(31));
      await jest.advanceTimersByTimeAsync(holdMs - 1);
      expect(response.transferIds()).toEqual([]);
      await jest.advanceTimersByTimeAsync(1);
      expect(response.transferIds()).toEqual([31]);
      expect(response.transferChunks()).toHaveLength(1);
    });

    it('writes at once when a feed holds feedHoldFramesMax frames', async () => {
      const response = await live();
      const framesMax = DASHBOARD_LIMITS_DEFAULT.feedHoldFramesMax;
      for (let seq = 1; seq <= framesMax; seq += 1) hear(posted(100 + seq));
      // Labels are looked up before a frame is sent; no timer runs.
      await jest.advanceTimersByTimeAsync(0);
      expect(response.transferChunks()).toHaveLength(1);
      expect(response.transferIds()).toHaveLength(framesMax);
    });

    it("writes a hold's feeds a slice per turn of the event loop, so requests are answered in between", async () => {
      feed = new PublicFeed(
        {} as NatsConnection,
        { ...DASHBOARD_LIMITS_DEFAULT, feedFlushSliceMax: 2 },
        pino({ level: 'silent' }),
        labels,
        {} as DashboardVisibility,
        perAddress,
      );
      Object.defineProperty(feed, 'reader', { value: reader });
      const responses: FakeResponse[] = [];
      for (let i = 0; i < 5; i += 1) responses.push(await live());
      hear(posted(51));
      await jest.advanceTimersByTimeAsync(holdMs - 1);
      const written = () => responses.filter((response) => response.transferIds().includes(51)).length;
      expect(written()).toBe(0);
      const counts: number[] = [];
      for (let turn = 0; turn < 3; turn += 1) {
        jest.advanceTimersToNextTimer();
        counts.push(written());
      }
      expect(counts).toEqual([2, 4, 5]);
      for (const response of responses) expect(response.transferIds()).toEqual([51]);
    });

    it('keeps the heartbeat, and writes what it held before the closing event', async () => {
      const response = await live();
      (feed as unknown as { broadcastComment(text: string): void }).broadcastComment('ping');
      await jest.advanceTimersByTimeAsync(holdMs);
      expect(response.frames()).toContain(': ping\n\n');
      hear(posted(41));
      await jest.advanceTimersByTimeAsync(0);
      (feed as unknown as { closeCommunity(communityId: string): void }).closeCommunity('town');
      const frames = response.frames();
      expect(frames.slice(-2).map((frame) => frame.split('\n')[0])).toEqual(['id: 41', 'event: closed']);
      // Nothing written after the end.
      await jest.advanceTimersByTimeAsync(holdMs);
      expect(response.frames()).toEqual(frames);
    });
  });
});
