import { CloudEventSchema } from '../cloudevent';
import { parseOrThrow } from '../validation';
import { LedgerEvents, TransferEventDataSchema } from './ledger.events';

const events = Object.entries(LedgerEvents);

describe('LedgerEvents', () => {
  it('uses unique types of the form tk.evt.ledger.<entity>.<verb>, valid as CloudEvent types', () => {
    const types = events.map(([, spec]) => spec.type);
    for (const type of types) {
      expect(type).toMatch(/^tk\.evt\.ledger\.[a-z]+\.[a-z]+$/);
      expect(CloudEventSchema.shape.type.safeParse(type).success).toBe(true);
    }
    expect(new Set(types).size).toBe(types.length);
  });

  it.each(events)('%s has a summary and an example its data schema accepts', (_key, spec) => {
    expect(spec.summary.length).toBeGreaterThan(10);
    expect(() => parseOrThrow(spec.data, spec.example)).not.toThrow();
  });

  it.each(events)('%s example travels in a valid CloudEvent envelope', (_key, spec) => {
    const envelope = {
      specversion: '1.0',
      id: '01KAZQ6T000000000000000001',
      source: 'ticketonomics/ledger',
      type: spec.type,
      time: '2026-11-28T12:00:00.000Z',
      subject: 'demo',
      datacontenttype: 'application/json',
      communityid: 'demo',
      data: spec.example,
    };
    expect(CloudEventSchema.safeParse(envelope).success).toBe(true);
    expect(CloudEventSchema.extend({ data: spec.data }).safeParse(envelope).success).toBe(true);
    expect(CloudEventSchema.safeParse({ ...envelope, specversion: '0.3' }).success).toBe(false);
    expect(CloudEventSchema.safeParse({ ...envelope, type: 'tk.cmd.ledger.transfer.create' }).success).toBe(
      false,
    );
  });

  it.each([LedgerEvents.transferPosted, LedgerEvents.transferPending, LedgerEvents.transferVoided])(
    'the $type example shows both accounts as they stand right after the transfer',
    (spec) => {
      const { transfer, debit, credit } = TransferEventDataSchema.parse(
        (({ reason: _reason, ...rest }: Record<string, unknown>) => rest)(
          spec.example as Record<string, unknown>,
        ),
      );
      expect(debit.id).toBe(transfer.debitAccountId);
      expect(credit.id).toBe(transfer.creditAccountId);
      expect(debit.balance).toBe(transfer.debitBalanceAfter);
      expect(credit.balance).toBe(transfer.creditBalanceAfter);
    },
  );

  it('rejects a voided event without a known reason', () => {
    const { data, example } = LedgerEvents.transferVoided;
    expect(data.safeParse({ ...example, reason: 'cancelled' }).success).toBe(false);
    expect(data.safeParse({ ...example, reason: 'expired' }).success).toBe(true);
  });

  it('rejects event data with unknown fields, so the schemas document every field sent', () => {
    for (const [, spec] of events) {
      expect(spec.data.safeParse({ ...(spec.example as object), extra: 1 }).success).toBe(false);
    }
  });
});
