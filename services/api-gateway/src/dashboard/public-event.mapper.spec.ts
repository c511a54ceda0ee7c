import { ArtifactsEvents, LedgerEvents, type Transfer } from '@ticketonomics/contracts';
import { publicFeedItem, publicTransfer } from './public-event.mapper';

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
        purchase: null,
      },
    });
    expect(JSON.stringify(mapped)).not.toContain('pizza');
  });

  it('turns shop purchases, market sales and accepted trades into sales', () => {
    expect(
      publicFeedItem(envelope(ArtifactsEvents.editionMinted.type, ArtifactsEvents.editionMinted.example))
        ?.item,
    ).toMatchObject({
      type: 'sale',
      channel: 'shop',
      buyerId: 'alice',
      price: 25,
      typeId: 1,
      purchaseId: 'art:demo:example-buy-1:hold',
    });
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

describe('publicTransfer: one row per artifact purchase', () => {
  const example = LedgerEvents.transferPosted.example.transfer;
  const row = (fields: Partial<Transfer>): Transfer => ({ ...example, ...fields });
  const hold = 'art:demo:buy-7:hold';
  /** The buyer's payment as the ledger settles it: the hold, posted into the market's escrow. */
  const payment = (memo: string) =>
    row({
      id: `${hold}/post`,
      kind: 'post_pending',
      code: 'purchase',
      debitAccountId: 'user:demo:alice',
      creditAccountId: 'escrow:demo:artifacts',
      pendingId: hold,
      memo,
    });

  it('shows the buyer’s payment as the purchase, named by its artifact, keyed by its hold', () => {
    expect(publicTransfer(payment('artifacts: shop item 3 (Golden Ticket)'))?.purchase).toEqual({
      id: hold,
      channel: 'shop',
      itemName: 'Golden Ticket',
    });
    expect(publicTransfer(payment('artifacts: listing 12 (Moon (Cookie))'))?.purchase).toEqual({
      id: hold,
      channel: 'market',
      itemName: 'Moon (Cookie)',
    });
    expect(publicTransfer(payment('artifacts: trade 4'))?.purchase).toEqual({
      id: hold,
      channel: 'trade',
      itemName: null,
    });
    expect(publicTransfer(payment('artifacts: creation of type Paper Crane'))?.purchase).toEqual({
      id: hold,
      channel: 'creation',
      itemName: 'Paper Crane',
    });
    // A memo of another form still makes a purchase row, without a name.
    expect(publicTransfer(payment('something else'))?.purchase).toEqual({
      id: hold,
      channel: null,
      itemName: null,
    });
  });

  it('leaves out the escrow’s payouts (part of the purchase) and holds, and keeps other rows plain', () => {
    for (const creditAccountId of ['treasury:demo', 'user:demo:bob']) {
      expect(
        publicTransfer(row({ debitAccountId: 'escrow:demo:artifacts', creditAccountId, code: 'sale' })),
      ).toBe(null);
    }
    expect(publicTransfer(row({ kind: 'pending', pendingId: null }))).toBeNull();
    expect(
      publicTransfer(row({ code: 'purchase', memo: 'artifacts: shop item 1 (X)' }))?.purchase,
    ).toBeNull();
    expect(publicTransfer(row({ code: 'mint', debitAccountId: 'issuance:demo' }))).toMatchObject({
      code: 'mint',
      fromAccountId: 'issuance:demo',
      purchase: null,
    });
  });
});
