import { DomainError } from '@ticketonomics/contracts';

/** Cursors are opaque to clients: base64url of the last key of the page. */
export function encodeCursor(key: string | number): string {
  return Buffer.from(String(key), 'utf8').toString('base64url');
}

/** The key a cursor stands for, when it has the shape `isKey` expects; VALIDATION_FAILED otherwise. */
export function decodeCursor(
  cursor: string,
  isKey: (key: string) => boolean = (key) => key.length > 0,
): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!isKey(key)) {
    throw new DomainError('VALIDATION_FAILED', 'cursor: must be a nextCursor from a previous page', {
      field: 'cursor',
    });
  }
  return key;
}

/** A cursor over a positive integer key such as a journal sequence number. */
export function decodeSeqCursor(cursor: string): number {
  return Number(
    decodeCursor(cursor, (key) => /^[1-9]\d{0,15}$/.test(key) && Number.isSafeInteger(Number(key))),
  );
}
