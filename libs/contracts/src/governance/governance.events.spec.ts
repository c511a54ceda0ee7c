import { CloudEventSchema } from '../cloudevent';
import { parseOrThrow } from '../validation';
import { GovernanceEvents, governanceEventAddress } from './governance.events';

const events = Object.entries(GovernanceEvents);

describe('GovernanceEvents', () => {
  it('uses unique types of the form tk.evt.governance.<entity>.<verb>', () => {
    const types = events.map(([, spec]) => spec.type);
    for (const type of types) expect(type).toMatch(/^tk\.evt\.governance\.[a-z]+\.[a-z-]+$/);
    expect(new Set(types).size).toBe(types.length);
  });

  it.each(events)('%s has a summary and an example its data schema accepts', (_key, spec) => {
    expect(spec.summary.length).toBeGreaterThan(10);
    expect(() => parseOrThrow(spec.data, spec.example)).not.toThrow();
  });

  it.each(events)('%s example travels in a valid CloudEvent addressed from its data', (_key, spec) => {
    const { subject, communityId } = governanceEventAddress(spec, spec.example);
    expect(communityId).toBe('demo');
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

  it('rejects a proposal of an unknown status, a change of an unknown parameter, and another service event', () => {
    const passed = GovernanceEvents.proposalPassed;
    expect(passed.data.safeParse({ ...passed.example, status: 'won' }).success).toBe(false);
    const changed = GovernanceEvents.parameterChanged;
    expect(changed.data.safeParse({ ...changed.example, parameter: 'ledger.emission' }).success).toBe(false);
    expect(() => governanceEventAddress({ ...passed, type: 'tk.evt.ledger.policy.updated' }, {})).toThrow();
  });
});
