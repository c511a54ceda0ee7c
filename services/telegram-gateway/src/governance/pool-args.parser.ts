import { POOL_LIMITS, POOL_PURPOSES, type PoolPurpose } from '@ticketonomics/contracts';
import { userError } from '../errors/user-facing.error';
import { parseAmount, parseTarget, type Target } from '../parsing/command-args.parser';

export const POOL_USAGE = '/pool <target> <time> [prize @member | artifact] <title>';
export const PLEDGE_USAGE = '/pledge <pool> <amount>';

export type PoolArgs =
  | { kind: 'list' }
  | { kind: 'show'; poolId: number }
  | {
      kind: 'open';
      targetAmount: number;
      /** How long from now the pool takes pledges. */
      deadlineInMs: number;
      purpose: PoolPurpose;
      recipient?: Target;
      title: string;
    };

export interface PledgeArgs {
  poolId: number;
  amount: number;
}

const QUOTED_LENGTH_MAX = 32;
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const POOL_ID = /^#?([1-9]\d{0,15})$/;

function quoted(token: string): string {
  return token.length > QUOTED_LENGTH_MAX ? `${token.slice(0, QUOTED_LENGTH_MAX)}…` : token;
}

function nextToken(text: string): [string | undefined, string] {
  const match = /^\s*(\S+)\s*([\s\S]*)$/.exec(text);
  return match === null ? [undefined, ''] : [match[1], match[2] ?? ''];
}

/** "3" or "#3": a pool's number as /pool shows it. */
export function parsePoolId(token: string | undefined, usage: 'govPoolUsage' | 'govPledgeUsage'): number {
  if (token === undefined) throw userError(usage);
  const match = POOL_ID.exec(token);
  const id = match === null ? NaN : Number(match[1]);
  if (!Number.isSafeInteger(id)) throw userError('govBadPoolId', { given: quoted(token) });
  return id;
}

/** "90m", "12h", "3d": how long a pool takes pledges, within what a ledger hold can outlive. */
export function parsePoolDuration(token: string | undefined): number {
  const match = token === undefined ? null : /^(\d{1,7})([smhd])$/.exec(token.toLowerCase());
  const ms = match === null ? NaN : Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  if (!(ms >= POOL_LIMITS.deadlineInMsMin && ms <= POOL_LIMITS.deadlineInMsMax)) {
    throw userError('govPoolDeadline', {
      given: quoted(token ?? ''),
      minMs: POOL_LIMITS.deadlineInMsMin,
      maxMs: POOL_LIMITS.deadlineInMsMax,
    });
  }
  return ms;
}

/**
 * "/pool" lists the open pools, "/pool 3" shows one, "/pool 500 3d Projector for the club" opens one for the
 * treasury; "prize @ann" (or replying to her) before the title makes it a prize for her, "artifact" an
 * artifact for the group.
 */
export function parsePoolArgs(args: string, isReply: boolean): PoolArgs {
  const tokens = args.split(/\s+/).filter((token) => token !== '');
  if (tokens.length === 0) return { kind: 'list' };
  if (tokens.length === 1) return { kind: 'show', poolId: parsePoolId(tokens[0], 'govPoolUsage') };
  const [targetToken, afterTarget] = nextToken(args);
  const targetAmount = parseAmount(targetToken, POOL_USAGE);
  const [durationToken, afterDuration] = nextToken(afterTarget);
  const deadlineInMs = parsePoolDuration(durationToken);
  const [word, afterWord] = nextToken(afterDuration);
  const named = POOL_PURPOSES.find((purpose) => purpose === word?.toLowerCase());
  const purpose: PoolPurpose = named ?? 'treasury';
  const [recipient, title] =
    purpose === 'prize'
      ? parseTarget(afterWord, isReply, POOL_USAGE)
      : [undefined, named === undefined ? afterDuration : afterWord];
  const trimmed = title.trim();
  if (trimmed === '') throw userError('govPoolTitleMissing');
  if (trimmed.length > POOL_LIMITS.titleLengthMax) {
    throw userError('govTitleTooLong', { max: POOL_LIMITS.titleLengthMax });
  }
  return {
    kind: 'open',
    targetAmount,
    deadlineInMs,
    purpose,
    ...(recipient === undefined ? {} : { recipient }),
    title: trimmed,
  };
}

/** "/pledge 3 50": the pool and how many tickets to hold for it. */
export function parsePledgeArgs(args: string): PledgeArgs {
  const tokens = args.split(/\s+/).filter((token) => token !== '');
  if (tokens.length === 0 || tokens.length > 2) throw userError('govPledgeUsage');
  return { poolId: parsePoolId(tokens[0], 'govPledgeUsage'), amount: parseAmount(tokens[1], PLEDGE_USAGE) };
}
