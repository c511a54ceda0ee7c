import { DomainError } from '@ticketonomics/contracts';
import { decodeCursor, decodeSeqCursor, encodeCursor } from './cursor';

describe('page cursors', () => {
  const isUserId = (key: string) => /^[0-9A-Z]{26}$/.test(key);

  it('round-trips a key', () => {
    const key = '01KB2Y6ZJ8ZQ0V7M3N4P5Q6R7S';
    expect(decodeCursor(encodeCursor(key), isUserId)).toBe(key);
    expect(encodeCursor(key)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('refuses a cursor that does not decode to a key, naming the field', () => {
    for (const cursor of ['', 'abc', encodeCursor('not-a-user')]) {
      expect(() => decodeCursor(cursor, isUserId)).toThrow(DomainError);
      try {
        decodeCursor(cursor, isUserId);
      } catch (error) {
        expect((error as DomainError).details).toEqual({ field: 'cursor' });
      }
    }
  });

  it('reads a sequence cursor back as its number and refuses anything else', () => {
    expect(decodeSeqCursor(encodeCursor(42))).toBe(42);
    for (const cursor of [encodeCursor(0), encodeCursor('x'), encodeCursor(-1)]) {
      expect(() => decodeSeqCursor(cursor)).toThrow(DomainError);
    }
  });
});
