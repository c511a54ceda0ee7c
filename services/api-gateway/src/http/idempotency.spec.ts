import { ArtifactRequestIdSchema, DomainError, TransferIdSchema } from '@ticketonomics/contracts';
import { deriveRequestId, parseIdempotencyKey } from './idempotency';

describe('idempotency', () => {
  it('derives ids that are stable, per key and per operation, and valid everywhere', () => {
    const id = deriveRequestId('KEY1', 'transfer', 'a b c'.replace(/ /g, '-'));
    expect(id).toBe(deriveRequestId('KEY1', 'transfer', 'a-b-c'));
    expect(id).not.toBe(deriveRequestId('KEY2', 'transfer', 'a-b-c'));
    expect(id).not.toBe(deriveRequestId('KEY1', 'reward', 'a-b-c'));
    expect(TransferIdSchema.safeParse(id).success).toBe(true);
    expect(ArtifactRequestIdSchema.safeParse(id).success).toBe(true);
  });

  it.each([undefined, '', 'has space', 'x'.repeat(256), 'é'])('refuses %p naming the header', (header) => {
    try {
      parseIdempotencyKey(header);
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).details).toMatchObject({ field: 'Idempotency-Key' });
    }
  });

  it('accepts a UUID', () => {
    expect(parseIdempotencyKey('3f1c1e9e-2c1b-4d1a-9a7e-0c2b5b1e8a11')).toHaveLength(36);
  });
});
