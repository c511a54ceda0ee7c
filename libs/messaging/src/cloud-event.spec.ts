import { uuidV7 } from './cloud-event';

describe('uuidV7', () => {
  it('is an RFC 9562 version 7 UUID carrying the time in ms', () => {
    const now = Date.parse('2026-11-29T03:30:00.000Z');
    const id = uuidV7(now);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(now);
  });

  it('sorts by time across milliseconds and stays unique within one', () => {
    const earlier = uuidV7(1_000);
    const later = uuidV7(1_001);
    expect(earlier < later).toBe(true);
    const same = new Set(Array.from({ length: 10_000 }, () => uuidV7(5_000)));
    expect(same.size).toBe(10_000);
  });
});
