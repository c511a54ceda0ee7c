import { CloudEventSchema } from '../cloudevent';
import { parseOrThrow } from '../validation';
import { ArtifactsEvents, artifactsEventAddress } from './artifacts.events';

const events = Object.entries(ArtifactsEvents);

describe('ArtifactsEvents', () => {
  it('uses unique types of the form tk.evt.artifacts.<entity>.<verb>', () => {
    const types = events.map(([, spec]) => spec.type);
    for (const type of types) expect(type).toMatch(/^tk\.evt\.artifacts\.[a-z]+\.[a-z-]+$/);
    expect(new Set(types).size).toBe(types.length);
  });

  it.each(events)('%s has a summary and an example its data schema accepts', (_key, spec) => {
    expect(spec.summary.length).toBeGreaterThan(10);
    expect(() => parseOrThrow(spec.data, spec.example)).not.toThrow();
  });

  it.each(events)('%s example travels in a valid CloudEvent addressed from its data', (_key, spec) => {
    const { subject, communityId } = artifactsEventAddress(spec, spec.example);
    expect(communityId).toBe('demo');
    const envelope = {
      specversion: '1.0',
      id: '01KAZQ6T000000000000000001',
      source: 'ticketonomics/artifacts',
      type: spec.type,
      time: '2026-11-28T12:00:00.000Z',
      subject,
      datacontenttype: 'application/json',
      communityid: communityId,
      data: spec.example,
    };
    expect(CloudEventSchema.extend({ data: spec.data }).safeParse(envelope).success).toBe(true);
  });

  it('rejects an edition event whose provenance kind is unknown or whose edition is missing', () => {
    const spec = ArtifactsEvents.editionTransferred;
    const bad = { ...spec.example, provenance: { ...spec.example.provenance, kind: 'stolen' } };
    expect(spec.data.safeParse(bad).success).toBe(false);
    expect(spec.data.safeParse({ ...spec.example, edition: undefined }).success).toBe(false);
    expect(
      ArtifactsEvents.listingSold.data.safeParse({ ...ArtifactsEvents.listingSold.example, payment: null })
        .success,
    ).toBe(false);
  });
});
