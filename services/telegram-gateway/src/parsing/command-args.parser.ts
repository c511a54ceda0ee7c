import { AMOUNT_MAX, MEMO_LENGTH_MAX } from '@ticketonomics/contracts';
import { userError } from '../errors/user-facing.error';

/** Who a command is about: a @username, or the author of the message the command replies to. */
export type Target = { kind: 'username'; username: string } | { kind: 'reply' };

export interface TargetAmountArgs {
  target: Target;
  amount: number;
  memo: string;
}

/** How much of a bad token is quoted back to the member, so a pasted essay does not come back whole. */
const QUOTED_TOKEN_LENGTH_MAX = 32;
const USERNAME = /^@[A-Za-z0-9_]{1,32}$/;

/** The text after the command itself ("/pay@Bot @bob 5 x" -> "@bob 5 x"). */
export function commandArgs(text: string): string {
  return text.replace(/^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/, '').trim();
}

/** Splits off the first whitespace-separated token, keeping the rest as written (memos keep their spaces). */
function nextToken(text: string): [string | undefined, string] {
  const match = /^\s*(\S+)\s*([\s\S]*)$/.exec(text);
  return match === null ? [undefined, ''] : [match[1], match[2] ?? ''];
}

function quoted(token: string): string {
  return token.length > QUOTED_TOKEN_LENGTH_MAX ? `${token.slice(0, QUOTED_TOKEN_LENGTH_MAX)}…` : token;
}

export function parseAmount(token: string | undefined, usage: string): number {
  if (token === undefined) throw userError('amountMissing', { usage });
  if (/^\+?\d+$/.test(token)) {
    const value = BigInt(token);
    if (value === 0n) throw userError('amountZero');
    if (value > BigInt(AMOUNT_MAX)) throw userError('amountTooLarge', { max: AMOUNT_MAX });
    return Number(value);
  }
  if (/^[-−]\d*([.,]\d+)?$/.test(token) && token.length > 1) throw userError('amountNegative');
  if (/^\d*[.,]\d+$/.test(token)) throw userError('amountFractional');
  throw userError('amountNotNumber', { given: quoted(token) });
}

/** "@user" (or nothing when the command replies to the target's message), then what follows. */
export function parseTarget(args: string, isReply: boolean, usage: string): [Target, string] {
  const [first, rest] = nextToken(args);
  if (first?.startsWith('@') === true) {
    if (!USERNAME.test(first)) throw userError('badUsername', { given: quoted(first) });
    return [{ kind: 'username', username: first.slice(1) }, rest];
  }
  if (isReply) return [{ kind: 'reply' }, args];
  if (first === undefined) throw userError('usage', { usage });
  throw userError('recipientMissing', { usage });
}

/** "/pay @bob 10 for pizza" or, replying to bob, "/pay 10 for pizza". */
export function parseTargetAmount(args: string, isReply: boolean, usage: string): TargetAmountArgs {
  const [target, rest] = parseTarget(args, isReply, usage);
  const [amountToken, memoText] = nextToken(rest);
  const amount = parseAmount(amountToken, usage);
  const memo = memoText.trim();
  if (memo.length > MEMO_LENGTH_MAX) throw userError('memoTooLong', { max: MEMO_LENGTH_MAX });
  return { target, amount, memo };
}
