import { ArtifactsEvents, LedgerEvents } from '@ticketonomics/contracts';
import { publicFeedItem } from './public-event.mapper';

const envelope = (type: string, data: unknown) => ({
  specversion: '1.0',
  id: 'evt-1',
  source: 'test',
  type,
  time: '2026-11-28T12:00:00.000Z',
  subject: 's',
  datacontenttype: 'application/json',
  communityid: 'demo',
  data,
});

describe('publicFeedItem', () => {
  it('keeps the public fields of a transfer and leaves the memo out', () => {
    const mapped = publicFeedItem(
      envelope(LedgerEvents.transferPosted.type, LedgerEvents.transferPosted.example),
    );
    expect(mapped).toEqual({
      communityId: 'demo',
      item: {
        type: 'transfer',
        id: 'example-pay-1',
        seq: 7,
        code: 'payment',
        amount: 100,
        fromAccountId: 'user:demo:alice',
        toAccountId: 'user:demo:bob',
        at: '2026-11-28T12:00:00.000Z',
      },
    });
    expect(JSON.stringify(mapped)).not.toContain('pizza');
  });

  it('turns shop purchases, market sales and accepted trades into sales', () => {
    expect(
      publicFeedItem(envelope(ArtifactsEvents.editionMinted.type, ArtifactsEvents.editionMinted.example))
        ?.item,
    ).toMatchObject({ type: 'sale', channel: 'shop', buyerId: 'alice', price: 25, typeId: 1 });
    expect(
      publicFeedItem(envelope(ArtifactsEvents.listingSold.type, ArtifactsEvents.listingSold.example))?.item,
    ).toMatchObject({ type: 'sale', channel: 'market', buyerId: 'alice', sellerId: 'bob', price: 40 });
    expect(
      publicFeedItem(envelope(ArtifactsEvents.tradeClosed.type, ArtifactsEvents.tradeClosed.example))?.item,
    ).toMatchObject({ type: 'sale', channel: 'trade', buyerId: 'bob', sellerId: 'alice', price: 30 });
  });

  it('ignores holds, other events and anything malformed, never throwing', () => {
    expect(
      publicFeedItem(envelope(LedgerEvents.transferPending.type, LedgerEvents.transferPending.example)),
    ).toBeNull();
    expect(publicFeedItem(envelope(LedgerEvents.transferPosted.type, { transfer: 'nope' }))).toBeNull();
    expect(publicFeedItem(envelope('tk.evt.ledger.account.opened', {}))).toBeNull();
    for (const bad of [null, 42, 'text', {}, { type: 'x' }]) expect(publicFeedItem(bad)).toBeNull();
  });
});
