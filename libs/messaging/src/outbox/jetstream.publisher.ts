import { headers, type Msg, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { connectionInbox } from '../nats.connection';
import { decodeText } from '../codec';

export interface PublishRow {
  eventId: string;
  subject: string;
  payload: string;
}

interface Round {
  acked: boolean[];
  remaining: number;
  done: () => void;
}

/**
 * Publishes to JetStream with every message in flight at once and one reply subscription for all the
 * acks. nats.js's js.publish() makes a request, a timer and two error objects per message, which cost
 * more than the publish itself when the relay sends thousands of events a second.
 */
export class JetStreamPublisher {
  private readonly inbox: string;
  private readonly subscription: Subscription;
  private readonly encoder = new TextEncoder();
  private round: Round | null = null;
  private roundId = 0;

  constructor(
    private readonly nc: NatsConnection,
    private readonly timeoutMs: number,
  ) {
    this.inbox = connectionInbox(nc);
    this.subscription = nc.subscribe(`${this.inbox}.*.*`, { callback: (_error, msg) => this.onAck(msg) });
  }

  /** Publish rows in order; returns how many of the first rows JetStream acknowledged, without a gap. */
  async publish(rows: readonly PublishRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    this.roundId += 1;
    let timer: NodeJS.Timeout | undefined;
    const finished = new Promise<void>((resolve) => {
      this.round = {
        acked: new Array<boolean>(rows.length).fill(false),
        remaining: rows.length,
        done: resolve,
      };
      timer = setTimeout(resolve, this.timeoutMs);
    });
    rows.forEach((row, index) => {
      const h = headers();
      h.set('Nats-Msg-Id', row.eventId);
      h.set('Content-Type', 'application/cloudevents+json');
      this.nc.publish(row.subject, this.encoder.encode(row.payload), {
        headers: h,
        reply: `${this.inbox}.${this.roundId}.${index}`,
      });
    });
    await finished;
    clearTimeout(timer);
    const acked = this.round?.acked ?? [];
    this.round = null;
    const gap = acked.indexOf(false);
    return gap === -1 ? acked.length : gap;
  }

  close(): void {
    this.subscription.unsubscribe();
  }

  private onAck(msg: Msg): void {
    const round = this.round;
    const [roundToken, indexToken] = msg.subject.slice(this.inbox.length + 1).split('.');
    if (round === null || Number(roundToken) !== this.roundId) return;
    const index = Number(indexToken);
    if (!Number.isInteger(index) || index < 0 || index >= round.acked.length || round.acked[index]) return;
    if (!isPubAck(msg)) return;
    round.acked[index] = true;
    round.remaining -= 1;
    if (round.remaining === 0) round.done();
  }
}

/** A JetStream PubAck names the stream; errors carry `error`, and "no responders" is an empty 503. */
function isPubAck(msg: Msg): boolean {
  if (msg.data.length === 0) return false;
  try {
    const body = JSON.parse(decodeText(msg.data)) as { stream?: string; error?: unknown };
    return typeof body.stream === 'string' && body.error === undefined;
  } catch {
    return false;
  }
}
