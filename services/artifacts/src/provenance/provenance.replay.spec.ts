import type { ProvenanceEntry } from '@ticketonomics/contracts';
import { GENESIS_HASH, hashProvenance } from './provenance-hash';
import { ProvenanceReplay, type EditionLocks } from './provenance.replay';

type Change = Pick<ProvenanceEntry, 'editionId' | 'kind' | 'fromId' | 'toId'>;

function chain(changes: Change[]): ProvenanceEntry[] {
  let prevHash = GENESIS_HASH;
  return changes.map((change, index) => {
    const fields = {
      communityId: 'demo',
      seq: index + 1,
      price: null,
      requestId: `r${index + 1}`,
      at: '2026-11-28T12:00:00.000Z',
      prevHash,
      ...change,
    };
    prevHash = hashProvenance(fields);
    return { ...fields, hash: prevHash };
  });
}

/** Edition 1 ends listed, so by default an open listing holds it. */
const LISTED_ONE: EditionLocks = { listed: new Set([1]), inTrade: new Set() };

function verify(
  entries: ProvenanceEntry[],
  editions: { id: number; ownerId: string | null; status: string }[],
  locks: EditionLocks = LISTED_ONE,
) {
  const replay = new ProvenanceReplay();
  for (const entry of entries) replay.add(entry);
  const result = replay.finish(editions, locks);
  return { ...result, problems: replay.problems };
}

const story: Change[] = [
  { editionId: 1, kind: 'bought', fromId: null, toId: 'alice' },
  { editionId: 1, kind: 'traded', fromId: 'alice', toId: 'bob' },
  { editionId: 2, kind: 'minted', fromId: null, toId: 'bob' },
  { editionId: 2, kind: 'burned', fromId: 'bob', toId: null },
  { editionId: 1, kind: 'sold', fromId: 'bob', toId: 'alice' },
  { editionId: 1, kind: 'reverted', fromId: 'alice', toId: 'bob' },
];
const finalEditions = [
  { id: 1, ownerId: 'bob', status: 'listed' },
  { id: 2, ownerId: null, status: 'burned' },
];

describe('ProvenanceReplay', () => {
  it('accepts an intact chain that matches every edition', () => {
    const result = verify(chain(story), finalEditions);
    expect(result.problems).toEqual([]);
    expect(result.entries).toBe(6);
    expect(result.headHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('finds a row whose content was changed after the fact', () => {
    const entries = chain(story);
    entries[1] = { ...entries[1]!, toId: 'mallory' };
    const { problems } = verify(entries, finalEditions);
    expect(problems[0]).toMatchObject({ seq: 2, problem: 'hash does not match the row' });
  });

  it('finds a removed row', () => {
    const entries = chain(story);
    entries.splice(2, 1);
    const { problems } = verify(entries, finalEditions);
    expect(problems.map((p) => p.problem)).toEqual(
      expect.arrayContaining(['sequence gap: expected seq 3', 'prevHash is not the previous row hash']),
    );
  });

  it('finds an owner that differs from the replay, and a transfer by a non-owner', () => {
    expect(
      verify(chain(story), [{ ...finalEditions[0]!, ownerId: 'carol' }, finalEditions[1]!]).problems,
    ).toEqual([{ seq: null, editionId: 1, problem: 'owner is carol but provenance says bob' }]);
    const theft = chain([...story, { editionId: 1, kind: 'gifted', fromId: 'carol', toId: 'dave' }]);
    expect(verify(theft, finalEditions).problems[0]).toMatchObject({ seq: 7 });
  });

  it('finds an edition without history and a burned edition still owned', () => {
    const { problems } = verify(chain(story), [...finalEditions, { id: 3, ownerId: 'x', status: 'owned' }]);
    expect(problems).toEqual([{ seq: null, editionId: 3, problem: 'edition has no provenance' }]);
    expect(
      verify(chain(story), [finalEditions[0]!, { id: 2, ownerId: null, status: 'owned' }]).problems,
    ).toHaveLength(1);
  });

  it('finds a listed edition no open listing holds, and a locked edition whose status says owned', () => {
    expect(verify(chain(story), finalEditions, { listed: new Set(), inTrade: new Set() }).problems).toEqual([
      { seq: null, editionId: 1, problem: 'status listed but no open listing holds it' },
    ]);
    const offered = { listed: new Set([1]), inTrade: new Set([2]) };
    expect(verify(chain(story), finalEditions, offered).problems).toEqual([
      { seq: null, editionId: 2, problem: 'status burned but an open trade offers it' },
    ]);
    const both = { listed: new Set([1]), inTrade: new Set([1]) };
    expect(verify(chain(story), finalEditions, both).problems.map((p) => p.problem)).toEqual([
      'held by an open listing and an open trade at once',
      'status listed but an open trade offers it',
    ]);
  });
});
