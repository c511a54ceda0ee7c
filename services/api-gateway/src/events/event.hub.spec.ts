import type { NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import { EventHub, type HubEvent } from './event.hub';

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const LEDGER = 'ticketonomics/ledger';
let seq = 0;

describe('EventHub', () => {
  const hub = new EventHub({} as NatsConnection, pino({ level: 'silent' }));

  it('hands an event to its community only, and stops on unsubscribe', () => {
    const a: HubEvent[] = [];
    const b: HubEvent[] = [];
    const stopA = hub.subscribe('a', (event) => a.push(event));
    const stopB = hub.subscribe('b', (event) => b.push(event));
    hub.dispatch(
      'tk.evt.ledger.transfer.posted',
      encode({ type: 'tk.evt.ledger.transfer.posted', source: LEDGER, communityid: 'a', data: {} }),
      ++seq,
    );
    expect(a.map((event) => event.type)).toEqual(['tk.evt.ledger.transfer.posted']);
    expect(b).toEqual([]);
    stopA();
    hub.dispatch(
      'tk.evt.ledger.transfer.posted',
      encode({ type: 'tk.evt.ledger.transfer.posted', source: LEDGER, communityid: 'a', data: {} }),
      ++seq,
    );
    expect(a).toHaveLength(1);
    stopB();
    expect(hub.listenerCount).toBe(0);
  });

  it("skips what is not a CloudEvent or not its owner's (source, subject), and survives a failing listener", () => {
    const seen: HubEvent[] = [];
    const stopBad = hub.subscribe('a', () => {
      throw new Error('boom');
    });
    const stop = hub.subscribe('a', (event) => seen.push(event));
    const opened = 'tk.evt.ledger.account.opened';
    hub.dispatch(opened, new TextEncoder().encode('not json'), ++seq);
    hub.dispatch(opened, encode({ type: 1, source: LEDGER, communityid: 'a' }), ++seq);
    hub.dispatch(opened, encode({ type: opened, source: 'ticketonomics/accounts', communityid: 'a' }), ++seq);
    hub.dispatch(
      'tk.evt.ledger.transfer.posted',
      encode({ type: opened, source: LEDGER, communityid: 'a' }),
      ++seq,
    );
    hub.dispatch(opened, encode({ type: opened, source: LEDGER, communityid: 'a' }), ++seq);
    expect(seen).toHaveLength(1);
    stopBad();
    stop();
  });
});
