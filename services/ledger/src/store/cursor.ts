import { DomainError } from '@ticketonomics/contracts';

/** Cursors are opaque to clients: base64url of the last key of the page. */
export function encodeCursor(key: string | number): string {
  return Buffer.from(String(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (key.length === 0) {
    throw new DomainError('VALIDATION_FAILED', 'cursor: must be a nextCursor from a previous page', {
      field: 'cursor',
    });
  }
  return key;
}

export function decodeSeqCursor(cursor: string): number {
  const seq = Number(decodeCursor(cursor));
  if (!Number.isSafeInteger(seq) || seq < 1) {
    throw new DomainError('VALIDATION_FAILED', 'cursor: must be a nextCursor from a previous page', {
      field: 'cursor',
    });
  }
  return seq;
}
