import { ArtifactsCommands, type Reply } from '@ticketonomics/contracts';
import type { ServiceHarness } from '@ticketonomics/testing';
import type { RunningArtifacts } from '../src/artifacts.app';
import { startArtifactsAlone } from './support/artifacts-alone.harness';

const C = ArtifactsCommands;
const commands = Object.entries(ArtifactsCommands);

/** A bad payload for one field of a command's example. */
const cases: [keyof typeof C, Record<string, unknown>, string][] = [
  ['settingsSet', { marketFeeBps: 5001 }, 'marketFeeBps'],
  ['settingsSet', { tradeTtlMs: 10 }, 'tradeTtlMs'],
  ['settingsSet', { memberCreationEnabled: 'yes' }, 'memberCreationEnabled'],
  ['typeCreate', { name: '' }, 'name'],
  ['typeCreate', { emoji: undefined }, 'emoji'],
  ['typeCreate', { imageUrl: 'http://x.example/a.png' }, 'imageUrl'],
  ['typeCreate', { supplyMax: 0 }, 'supplyMax'],
  ['typeCreate', { royaltyBps: 5001 }, 'royaltyBps'],
  ['typeCreate', { asAdmin: undefined }, 'asAdmin'],
  ['typeCreate', { requestId: 'has space' }, 'requestId'],
  ['typeGet', { typeId: 0 }, 'typeId'],
  ['typeList', { limit: 0 }, 'limit'],
  ['typeList', { cursor: '!!' }, 'cursor'],
  ['shopAdd', { price: 0 }, 'price'],
  ['shopAdd', { stock: -1 }, 'stock'],
  ['shopAdd', { startsAt: 'tomorrow' }, 'startsAt'],
  ['shopRestock', { add: 0 }, 'add'],
  ['shopClose', { shopItemId: 'one' }, 'shopItemId'],
  ['shopBrowse', { limit: 201 }, 'limit'],
  ['shopBuy', { priceMax: 0 }, 'priceMax'],
  ['shopBuy', { buyerId: 'a b' }, 'buyerId'],
  ['editionGrant', { toId: undefined }, 'toId'],
  ['editionGet', { editionId: -1 }, 'editionId'],
  ['editionGift', { toId: 'alice' }, 'toId'],
  ['editionBurn', { ownerId: 7 }, 'ownerId'],
  ['inventoryGet', { limit: 500 }, 'limit'],
  ['listingCreate', { price: 2.5 }, 'price'],
  ['listingCancel', { listingId: null }, 'listingId'],
  ['listingBrowse', { status: 'gone' }, 'status'],
  ['listingBuy', { listingId: 1.5 }, 'listingId'],
  ['tradeOffer', { toId: 'alice' }, 'toId'],
  ['tradeOffer', { giveEditionIds: [] }, 'giveEditionIds'],
  ['tradeOffer', { wantAmount: -5 }, 'wantAmount'],
  ['tradeOffer', { ttlMs: 1000 }, 'ttlMs'],
  ['tradeAccept', { byId: '' }, 'byId'],
  ['tradeDecline', { tradeId: 0 }, 'tradeId'],
  ['tradeGet', { tradeId: '1' }, 'tradeId'],
  ['tradeList', { status: 'maybe' }, 'status'],
  ['provenanceVerify', { communityId: 'no spaces here' }, 'communityId'],
  ['provenanceList', { limit: 201 }, 'limit'],
  ['provenanceList', { afterSeq: -1 }, 'afterSeq'],
];

describe('bad payloads on every artifacts subject get VALIDATION_FAILED naming the field', () => {
  let h: ServiceHarness<RunningArtifacts>;

  beforeAll(async () => {
    h = await startArtifactsAlone();
  });

  afterAll(async () => {
    await h?.close();
  });

  const expectField = (reply: Reply<unknown>, field: string) => {
    expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', details: { field } } });
    if (!reply.ok) expect(reply.error.message).toContain(field);
    expect(JSON.stringify(reply)).not.toMatch(/at .*\.(ts|js):\d+/);
  };

  it.each(cases)('%s with %j', async (name, change, field) => {
    const command = C[name];
    expectField(await h.call(command.subject, { ...command.example, ...change }), field);
  });

  it.each(commands)(
    '%s: an unknown field, a bad community, no body, invalid JSON',
    async (_name, command) => {
      expectField(await h.call(command.subject, { ...command.example, bogus: 1 }), 'bogus');
      expectField(
        await h.call(command.subject, { ...command.example, communityId: 'x'.repeat(65) }),
        'communityId',
      );
      expectField(await h.call(command.subject, null), '$');
      expectField(await h.callRaw(command.subject, new TextEncoder().encode('{"communityId": demo')), '$');
    },
  );

  it('changed nothing', async () => {
    expect(await h.ok(C.typeList.subject, { communityId: 'demo' })).toEqual({ items: [], nextCursor: null });
    expect(await h.ok(C.provenanceList.subject, { communityId: 'demo' })).toEqual({ items: [] });
    expect(await h.ok(C.settingsGet.subject, { communityId: 'demo' })).toMatchObject({ updatedAt: null });
    const events = await h.streamEvents();
    expect(events.filter((event) => event.subject.startsWith('tk.evt.artifacts.'))).toEqual([]);
  });

  it('answers NOT_FOUND with the command to find what exists', async () => {
    const reply = await h.call(C.typeGet.subject, { communityId: 'demo', typeId: 9 });
    expect(reply).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', details: { field: 'typeId' } } });
    if (!reply.ok) expect(reply.error.message).toContain('tk.cmd.artifacts.type.list');
  });

  it('repeats an admin command by requestId and refuses other content under the same id', async () => {
    const create = { ...C.typeCreate.example, requestId: 'repeat-1' };
    const first = await h.ok(C.typeCreate.subject, create);
    expect(await h.ok(C.typeCreate.subject, create)).toEqual(first);
    const conflict = await h.call(C.typeCreate.subject, { ...create, name: 'Other' });
    expect(conflict).toMatchObject({
      ok: false,
      error: { code: 'IDEMPOTENCY_CONFLICT', details: { field: 'name' } },
    });
    const otherCommand = await h.call(C.editionGrant.subject, {
      ...C.editionGrant.example,
      requestId: 'repeat-1',
    });
    expect(otherCommand).toMatchObject({
      ok: false,
      error: { code: 'IDEMPOTENCY_CONFLICT', details: { field: 'requestId' } },
    });
    expect((await h.ok(C.typeList.subject, { communityId: 'demo' })).items).toHaveLength(1);
  });
});
