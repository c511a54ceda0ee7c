import {
  ARTIFACTS_EXAMPLE_ORDER,
  ARTIFACTS_EXAMPLES,
  ArtifactsCommands,
  parseOrThrow,
} from '@ticketonomics/contracts';
import { A, startArtifactsSystem, type ArtifactsSystem } from './support/artifacts.harness';

const EX = ARTIFACTS_EXAMPLES;
const C = EX.community;

/**
 * The examples published in libs/contracts (and so in docs/asyncapi.yaml) work as written on a fresh
 * system, in ARTIFACTS_EXAMPLE_ORDER, and each reply matches the command's response schema.
 */
describe('documented artifacts examples against a fresh system', () => {
  let sys: ArtifactsSystem;

  beforeAll(async () => {
    sys = await startArtifactsSystem();
    await sys.fund(C, [EX.alice, EX.bob], 1000);
  });

  afterAll(async () => {
    await sys?.close();
  });

  /** What listingCancel and tradeDecline name: a second listing by bob and a second offer to bob. */
  const setUp: Partial<Record<keyof typeof ArtifactsCommands, () => Promise<unknown>>> = {
    listingCancel: async () => {
      const edition = await sys.ok(A.editionGrant, {
        requestId: 'setup-grant',
        communityId: C,
        typeId: 1,
        toId: EX.bob,
      });
      const listing = await sys.ok(A.listingCreate, {
        requestId: 'setup-list',
        communityId: C,
        sellerId: EX.bob,
        editionId: edition.id,
        price: 60,
      });
      expect(listing.id).toBe(2);
    },
    tradeDecline: async () => {
      const trade = await sys.ok(A.tradeOffer, {
        requestId: 'setup-offer',
        communityId: C,
        fromId: EX.alice,
        toId: EX.bob,
        giveEditionIds: [1],
        wantAmount: 10,
      });
      expect(trade.id).toBe(2);
    },
  };

  it('every command example succeeds in order and its reply matches the response schema', async () => {
    const data: Record<string, any> = {};
    for (const name of ARTIFACTS_EXAMPLE_ORDER) {
      await setUp[name]?.();
      const command = ArtifactsCommands[name];
      const reply = await sys.call(command, command.example);
      expect({ name, reply }).toMatchObject({ name, reply: { ok: true } });
      if (reply.ok) expect(() => parseOrThrow(command.response, reply.data)).not.toThrow();
      if (reply.ok) data[name] = reply.data;
    }
    expect(Object.keys(data).sort()).toEqual(Object.keys(ArtifactsCommands).sort());
    // The walkthrough's story: edition 1 bought by alice, traded to bob, sold back to alice, gifted to bob.
    expect(data['shopRestock']).toMatchObject({ stock: 15 });
    expect(data['tradeAccept'].editions[0]).toMatchObject({ id: 1, ownerId: EX.bob });
    expect(data['listingBuy'].payment).toMatchObject({ price: 40, toPayee: 36, fee: 2, royalty: 2 });
    expect(data['editionGift']).toMatchObject({ id: 1, ownerId: EX.bob });
    expect(data['editionBurn']).toMatchObject({ id: 2, status: 'burned' });
    expect(data['provenanceVerify']).toMatchObject({ ok: true });
    expect(await sys.ledgerSettled(C)).toEqual({ sum: 0, openHolds: 0, verified: true });
  });
});
