import { scheduledRowId } from '../ledger/emission.schedule';
import type { AccountKind, Transfer } from '../ledger/ledger.schemas';
import { flowsOf } from './economy.flows';

type Row = Pick<Transfer, 'id' | 'kind' | 'code' | 'amount'>;
const row = (id: string, code: Transfer['code'], amount = 10, kind: Transfer['kind'] = 'posted'): Row => ({
  id,
  kind,
  code,
  amount,
});
const sides = (debit: AccountKind, credit: AccountKind) => ({ debit, credit });

describe('flowsOf', () => {
  it('counts the schedule’s mints as emitted, to members or to the treasury', () => {
    const id = scheduledRowId('emission', 'c', 'day', 7, 0);
    expect(flowsOf(row(id, 'mint'), sides('issuance', 'user'), false)).toEqual({ emitted: 10 });
    expect(flowsOf(row(id, 'mint'), sides('issuance', 'treasury'), false)).toEqual({ emitted: 10 });
  });

  it('counts a reward’s mint as rewarded and as new tickets, an admin’s mint as minted', () => {
    expect(flowsOf(row('tg-reward:1:2', 'mint'), sides('issuance', 'user'), true)).toEqual({
      rewarded: 10,
      rewardsMinted: 10,
    });
    expect(flowsOf(row('admin-mint-1', 'mint'), sides('issuance', 'user'), false)).toEqual({ minted: 10 });
  });

  it('counts treasury grants and bounties as rewarded, not as new tickets', () => {
    expect(flowsOf(row('grant-1', 'bonus'), sides('treasury', 'user'), false)).toEqual({ rewarded: 10 });
    expect(flowsOf(row('bounty-1', 'reward'), sides('treasury', 'escrow'), false)).toEqual({ rewarded: 10 });
  });

  it('counts tax and fees into the treasury as taxed, the holding fee too', () => {
    expect(flowsOf(row('pay-1/tax', 'tax'), sides('user', 'treasury'), false)).toEqual({ taxed: 10 });
    const fee = scheduledRowId('demurrage', 'c', 'day', 7, 0);
    expect(flowsOf(row(fee, 'fee'), sides('user', 'treasury'), false)).toEqual({ taxed: 10 });
  });

  it('counts every row into the issuance account as burned: burns, burned tax and holding fee, a mint undone', () => {
    expect(flowsOf(row('burn-1', 'burn'), sides('user', 'issuance'), false)).toEqual({ burned: 10 });
    expect(flowsOf(row('pay-1/tax', 'tax'), sides('user', 'issuance'), false)).toEqual({ burned: 10 });
    const fee = scheduledRowId('demurrage', 'c', 'day', 7, 1);
    expect(flowsOf(row(fee, 'burn'), sides('user', 'issuance'), false)).toEqual({ burned: 10 });
    expect(flowsOf(row('undo-1', 'reversal'), sides('user', 'issuance'), false)).toEqual({ burned: 10 });
  });

  it('counts a burn undone as minted, so a day’s supply change is its sources less its burns', () => {
    expect(flowsOf(row('undo-2', 'reversal'), sides('issuance', 'user'), false)).toEqual({ minted: 10 });
  });

  it('leaves out payments, fines, sales, holds and voids', () => {
    expect(flowsOf(row('pay-1', 'payment'), sides('user', 'user'), false)).toEqual({});
    expect(flowsOf(row('fine-1', 'fine'), sides('user', 'treasury'), false)).toEqual({});
    expect(flowsOf(row('sale-1', 'sale'), sides('escrow', 'user'), false)).toEqual({});
    expect(flowsOf(row('hold-1', 'bonus', 10, 'pending'), sides('treasury', 'user'), false)).toEqual({});
    expect(flowsOf(row('hold-1', 'bonus', 10, 'void_pending'), sides('treasury', 'user'), false)).toEqual({});
    expect(flowsOf(row('hold-1', 'bonus', 10, 'post_pending'), sides('treasury', 'user'), false)).toEqual({
      rewarded: 10,
    });
  });
});
