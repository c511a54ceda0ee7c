import { AMOUNT_MAX } from '@ticketonomics/contracts';
import { UserFacingError } from '../errors/user-facing.error';
import { commandArgs, parseTargetAmount } from './command-args.parser';

const USAGE = '/pay @user 10';

function failure(args: string, isReply = false): string {
  try {
    parseTargetAmount(args, isReply, USAGE);
  } catch (error) {
    if (error instanceof UserFacingError) return error.key;
    throw error;
  }
  throw new Error(`"${args}" parsed`);
}

describe('command arguments', () => {
  it('strips the command and an @bot suffix', () => {
    expect(commandArgs('/pay@TicketBot @bob 5 pizza')).toBe('@bob 5 pizza');
    expect(commandArgs('/pay')).toBe('');
  });

  it('reads a target, an amount and a memo that keeps its spacing and unicode', () => {
    expect(parseTargetAmount('@bob 5 for  the 🍕', false, USAGE)).toEqual({
      target: { kind: 'username', username: 'bob' },
      amount: 5,
      memo: 'for  the 🍕',
    });
    expect(parseTargetAmount('7', true, USAGE)).toEqual({ target: { kind: 'reply' }, amount: 7, memo: '' });
    expect(parseTargetAmount('@bob 5', true, USAGE).target).toEqual({ kind: 'username', username: 'bob' });
    expect(parseTargetAmount(`@bob ${AMOUNT_MAX}`, false, USAGE).amount).toBe(AMOUNT_MAX);
  });

  it.each([
    ['', 'usage'],
    ['10', 'recipientMissing'],
    ['@bob', 'amountMissing'],
    ['@bob -5', 'amountNegative'],
    ['@bob 0', 'amountZero'],
    ['@bob 1.5', 'amountFractional'],
    ['@bob 2,5', 'amountFractional'],
    [`@bob ${AMOUNT_MAX}0`, 'amountTooLarge'],
    ['@bob 99999999999999999999999999', 'amountTooLarge'],
    ['@bob ten', 'amountNotNumber'],
    ['@bob 1e3', 'amountNotNumber'],
    ['@b!b 5', 'badUsername'],
    [`@bob 5 ${'x'.repeat(257)}`, 'memoTooLong'],
  ])('refuses "%s" with %s', (args, key) => {
    expect(failure(args)).toBe(key);
  });
});
