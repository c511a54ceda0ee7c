import type { NatsConnection } from 'nats';
import pino from 'pino';
import { EventHub, type HubEvent } from './event.hub';

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe('EventHub', () => {
  const hub = new EventHub({} as NatsConnection, pino({ level: 'silent' }));

  it('hands an event to its community only, and stops on unsubscribe', () => {
    const a: HubEvent[] = [];
    const b: HubEvent[] = [];
    const stopA = hub.subscribe('a', (event) => a.push(event));
    const stopB = hub.subscribe('b', (event) => b.push(event));
    hub.dispatch(encode({ type: 'tk.evt.ledger.transfer.posted', communityid: 'a', data: {} }));
    expect(a.map((event) => event.type)).toEqual(['tk.evt.ledger.transfer.posted']);
    expect(b).toEqual([]);
    stopA();
    hub.dispatch(encode({ type: 'tk.evt.ledger.transfer.posted', communityid: 'a', data: {} }));
    expect(a).toHaveLength(1);
    stopB();
    expect(hub.listenerCount).toBe(0);
  });

  it('skips what is not a CloudEvent, and survives a failing listener', () => {
    const seen: HubEvent[] = [];
    const stopBad = hub.subscribe('a', () => {
      throw new Error('boom');
    });
    const stop = hub.subscribe('a', (event) => seen.push(event));
    hub.dispatch(new TextEncoder().encode('not json'));
    hub.dispatch(encode({ type: 1, communityid: 'a' }));
    hub.dispatch(encode({ type: 'tk.evt.ledger.account.opened', communityid: 'a' }));
    expect(seen).toHaveLength(1);
    stopBad();
    stop();
  });
});
