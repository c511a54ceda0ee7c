import { firstRejectedField } from '../validation';
import { JournalGroupSchema, JournalLayoutSchema, ledgerJournalSubjectOf } from './ledger.journal';

describe('the ledger journal message', () => {
  const example = {
    v: 1,
    group: 7,
    kind: 'commit',
    changes: [
      { t: 'accounts', o: 'u', r: { id: 'user:demo:alice', balance: 70 }, k: null },
      { t: 'holds', o: 'd', r: { transfer_id: 'hold-1' } },
    ],
    events: [
      {
        specversion: '1.0',
        id: '0193a1b2-0000-7000-8000-000000000001',
        type: 'tk.evt.ledger.transfer.posted',
        source: 'tk/ledger',
        data: { transfer: { id: 't-1' } },
      },
    ],
  };

  it('accepts a commit group and names its partition subject', () => {
    expect(JournalGroupSchema.safeParse(example).success).toBe(true);
    expect(ledgerJournalSubjectOf('p003')).toBe('tk.journal.ledger.p003');
  });

  it.each([
    ['a group numbered 0', { ...example, group: 0 }, 'group'],
    ['an unknown kind', { ...example, kind: 'snapshot' }, 'kind'],
    [
      'a change of an oddly named table',
      { ...example, changes: [{ t: 'Drop Table', o: 'u', r: {} }] },
      'changes.0.t',
    ],
    [
      'a change that is neither an upsert nor a delete',
      { ...example, changes: [{ t: 'a', o: 'x', r: {} }] },
      'changes.0.o',
    ],
    [
      'an event without an id',
      { ...example, events: [{ type: 'tk.evt.ledger.transfer.posted' }] },
      'events.0.id',
    ],
    [
      'an event on a subject outside tk.evt',
      { ...example, events: [{ id: 'e', type: 'tk.journal.x' }] },
      'events.0.type',
    ],
  ])('rejects %s', (_name, payload, field) => {
    expect(firstRejectedField(JournalGroupSchema, payload)).toBe(field);
  });

  it('accepts the layout message and rejects one without a sane partition count', () => {
    expect(JournalLayoutSchema.safeParse({ v: 1, partitions: 4 }).success).toBe(true);
    expect(firstRejectedField(JournalLayoutSchema, { v: 1, partitions: 0 })).toBe('partitions');
    expect(firstRejectedField(JournalLayoutSchema, { v: 1, partitions: 2.5 })).toBe('partitions');
    expect(firstRejectedField(JournalLayoutSchema, { v: 2, partitions: 4 })).toBe('v');
  });
});
