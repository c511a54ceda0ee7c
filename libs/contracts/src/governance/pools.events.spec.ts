import { CloudEventSchema } from '../cloudevent';
import { parseOrThrow } from '../validation';
import { PoolEvents, poolEventAddress } from './pools.events';

const events = Object.entries(PoolEvents);

describe('PoolEvents', () => {
  it('uses unique types of the form tk.evt.governance.pool.<verb>', () => {
    const types = events.map(([, spec]) => spec.type);
    for (const type of types) expect(type).toMatch(/^tk\.evt\.governance\.pool\.[a-z]+$/);
    expect(new Set(types).size).toBe(types.length);
  });

  it.each(events)('%s has a summary and an example its data schema accepts', (_key, spec) => {
    expect(spec.summary.length).toBeGreaterThan(10);
    expect(() => parseOrThrow(spec.data, spec.example)).not.toThrow();
  });

  it.each(events)('%s example travels in a valid CloudEvent addressed from its data', (_key, spec) => {
    const { subject, communityId } = poolEventAddress(spec, spec.example);
    expect(communityId).toBe('demo');
    expect(subject).toBe('1');
    const envelope = {
      specversion: '1.0',
      id: '01KAZQ6T000000000000000001',
      source: 'ticketonomics/governance',
      type: spec.type,
      time: '2026-12-01T12:00:00.000Z',
      subject,
      datacontenttype: 'application/json',
      communityid: communityId,
      data: spec.example,
    };
    expect(CloudEventSchema.extend({ data: spec.data }).safeParse(envelope).success).toBe(true);
  });

  it('rejects a pool of an unknown status or purpose, a pledge of 0, and another event', () => {
    const settled = PoolEvents.poolSettled;
    expect(settled.data.safeParse({ ...settled.example, status: 'won' }).success).toBe(false);
    expect(settled.data.safeParse({ ...settled.example, purpose: 'party' }).success).toBe(false);
    const pledged = PoolEvents.poolPledged;
    const zero = { ...pledged.example, pledge: { ...pledged.example.pledge, amount: 0 } };
    expect(pledged.data.safeParse(zero).success).toBe(false);
    expect(() => poolEventAddress({ ...settled, type: 'tk.evt.governance.proposal.passed' }, {})).toThrow();
  });
});
