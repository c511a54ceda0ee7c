import type { EditionRow } from '../editions/editions.store';
import { acceptRefusal, offerRefusal, perEditionPrice, swapRefusal, tradeSplit } from './trade.rules';
import type { TradeRow } from './trades.store';

const now = Date.parse('2026-11-28T12:00:00Z');
const trade: TradeRow = {
  communityId: 'demo',
  id: 1,
  fromId: 'alice',
  toId: 'bob',
  giveEditionIds: [1],
  wantEditionIds: [2],
  wantAmount: 30,
  status: 'open',
  expiresAt: now + 60_000,
  createdAt: now,
  updatedAt: now,
};
const edition = (
  id: number,
  ownerId: string | null,
  status: EditionRow['status'],
  settling: string | null = null,
) =>
  ({
    communityId: 'demo',
    id,
    typeId: 1,
    serial: id,
    ownerId,
    status,
    settling,
    mintedAt: now,
    updatedAt: now,
  }) as EditionRow;

const reasonOf = (error: { details?: Record<string, unknown> } | null) => error?.details?.['reason'];

describe('trade rules', () => {
  it('lets only the recipient accept an open, unexpired offer', () => {
    expect(acceptRefusal(trade, 'bob', now)).toBeNull();
    expect(acceptRefusal(trade, 'alice', now)?.code).toBe('FORBIDDEN');
    expect(reasonOf(acceptRefusal(trade, 'bob', trade.expiresAt))).toBe('expired');
    expect(reasonOf(acceptRefusal({ ...trade, status: 'declined' }, 'bob', now))).toBe('closed');
    expect(reasonOf(acceptRefusal({ ...trade, status: 'expired' }, 'bob', now))).toBe('expired');
  });

  it('refuses to offer editions that are listed, in a trade, settling or not the offerer', () => {
    const want = [edition(2, 'bob', 'owned')];
    expect(offerRefusal([edition(1, 'alice', 'owned')], want, 'alice', 'bob')).toBeNull();
    expect(reasonOf(offerRefusal([edition(1, 'alice', 'listed')], want, 'alice', 'bob'))).toBe('listed');
    expect(reasonOf(offerRefusal([edition(1, 'alice', 'in_trade')], want, 'alice', 'bob'))).toBe('in_trade');
    expect(reasonOf(offerRefusal([edition(1, 'alice', 'owned', 'r1')], want, 'alice', 'bob'))).toBe(
      'settling',
    );
    expect(reasonOf(offerRefusal([edition(1, 'carol', 'owned')], want, 'alice', 'bob'))).toBe('not_owner');
    expect(
      reasonOf(offerRefusal([edition(1, 'alice', 'owned')], [edition(2, 'carol', 'owned')], 'alice', 'bob')),
    ).toBe('not_owner');
  });

  it('swaps only while the offered editions are locked and the wanted ones are free', () => {
    expect(swapRefusal(trade, [edition(1, 'alice', 'in_trade')], [edition(2, 'bob', 'owned')])).toBeNull();
    expect(reasonOf(swapRefusal(trade, [edition(1, 'alice', 'owned')], []))).toBe('closed');
    expect(
      reasonOf(swapRefusal(trade, [edition(1, 'alice', 'in_trade')], [edition(2, 'bob', 'listed')])),
    ).toBe('listed');
  });

  it('takes the market fee from the tickets, rounded down, and shares them per edition', () => {
    expect(tradeSplit(30, 250)).toEqual({ fee: 0, toOfferer: 30 });
    expect(tradeSplit(400, 250)).toEqual({ fee: 10, toOfferer: 390 });
    expect(perEditionPrice(100, 3)).toBe(33);
    expect(perEditionPrice(0, 3)).toBeNull();
  });
});
