import {
  GOVERNANCE_LIMITS,
  GOVERNED_PARAMETERS,
  isGrant,
  PARAMETER_IDS,
  type ParameterId,
  type VoteChoice,
} from '@ticketonomics/contracts';
import { userError } from '../errors/user-facing.error';
import { parseTarget, type Target } from '../parsing/command-args.parser';

export type ProposeArgs =
  | { kind: 'parameters'; unknown: string | null }
  | { kind: 'propose'; parameter: ParameterId; value: number; title: string; recipient?: Target };

export interface VoteArgs {
  proposalId: number;
  /** Undefined: show the proposal with its Yes / No buttons. */
  choice?: VoteChoice;
}

export interface VetoArgs {
  proposalId: number;
  reason: string;
}

const QUOTED_LENGTH_MAX = 32;
/** A whole number as people write it: no sign, no leading zeros, no dots, exponents or units. */
const WHOLE_NUMBER = /^(0|[1-9]\d{0,15})$/;
const YES_WORDS = new Set(['yes', 'y', 'да', 'за']);
const NO_WORDS = new Set(['no', 'n', 'нет', 'против']);

function quoted(token: string): string {
  return token.length > QUOTED_LENGTH_MAX ? `${token.slice(0, QUOTED_LENGTH_MAX)}…` : token;
}

/** Splits off the first whitespace-separated token, keeping the rest as written (titles keep their spaces). */
function nextToken(text: string): [string | undefined, string] {
  const match = /^\s*(\S+)\s*([\s\S]*)$/.exec(text);
  return match === null ? [undefined, ''] : [match[1], match[2] ?? ''];
}

/** A parameter by its id or the part after the dot ("taxBps" for ledger.taxBps), in any case. */
export function findParameter(given: string): ParameterId | undefined {
  const lower = given.toLowerCase();
  return PARAMETER_IDS.find(
    (id) => id.toLowerCase() === lower || id.slice(id.indexOf('.') + 1).toLowerCase() === lower,
  );
}

/** How a grant names the member it pays. */
const GRANT_USAGE = '/propose treasury.grant <amount> @member <title>';

/**
 * "/propose ledger.taxBps 300 Raise the tax": a parameter of the whitelist, a whole number within its
 * bounds, and a title; a grant names its recipient before the title ("/propose grant 500 @ann For the
 * meetup", or replying to her). Without arguments, or with an unknown parameter, the answer is the list of
 * parameters (with their values now), so nothing is to be thrown for them.
 */
export function parseProposeArgs(args: string, isReply = false): ProposeArgs {
  const [parameterToken, afterParameter] = nextToken(args);
  if (parameterToken === undefined) return { kind: 'parameters', unknown: null };
  const parameter = findParameter(parameterToken);
  if (parameter === undefined) return { kind: 'parameters', unknown: quoted(parameterToken) };
  const { min, max } = GOVERNED_PARAMETERS[parameter];
  const [valueToken, afterValue] = nextToken(afterParameter);
  if (valueToken === undefined) throw userError('govValueMissing', { parameter, min, max });
  if (!WHOLE_NUMBER.test(valueToken) || !Number.isSafeInteger(Number(valueToken))) {
    throw userError('govValueNotNumber', { parameter, given: quoted(valueToken) });
  }
  const value = Number(valueToken);
  if (value < min || value > max) throw userError('govValueOutOfBounds', { parameter, min, max });
  const [recipient, title] = isGrant(parameter)
    ? parseTarget(afterValue, isReply, GRANT_USAGE)
    : [undefined, afterValue];
  const trimmed = title.trim();
  if (trimmed === '') throw userError('govTitleMissing', { parameter, value });
  if (trimmed.length > GOVERNANCE_LIMITS.titleLengthMax) {
    throw userError('govTitleTooLong', { max: GOVERNANCE_LIMITS.titleLengthMax });
  }
  return {
    kind: 'propose',
    parameter,
    value,
    title: trimmed,
    ...(recipient === undefined ? {} : { recipient }),
  };
}

/** "#3", "3": a proposal's number as /proposals shows it. */
export function parseProposalId(token: string | undefined, usage: 'govVoteUsage' | 'govVetoUsage'): number {
  if (token === undefined) throw userError(usage);
  const digits = token.startsWith('#') ? token.slice(1) : token;
  const id = Number(digits);
  if (!WHOLE_NUMBER.test(digits) || id < 1 || !Number.isSafeInteger(id)) {
    throw userError('govBadProposalId', { given: quoted(token) });
  }
  return id;
}

/** "/vote 3" (the proposal and its buttons) or "/vote 3 yes|no" (a vote). */
export function parseVoteArgs(args: string): VoteArgs {
  const tokens = args.split(/\s+/).filter((token) => token !== '');
  if (tokens.length > 2) throw userError('govVoteUsage');
  const proposalId = parseProposalId(tokens[0], 'govVoteUsage');
  const word = tokens[1];
  if (word === undefined) return { proposalId };
  const lower = word.toLowerCase();
  if (YES_WORDS.has(lower)) return { proposalId, choice: 'yes' };
  if (NO_WORDS.has(lower)) return { proposalId, choice: 'no' };
  throw userError('govBadChoice', { given: quoted(word) });
}

/** "/veto 3 The treasury is full": the proposal and why, as the members will read it. */
export function parseVetoArgs(args: string): VetoArgs {
  const [idToken, rest] = nextToken(args);
  const proposalId = parseProposalId(idToken, 'govVetoUsage');
  const reason = rest.trim();
  if (reason === '') throw userError('govVetoReasonMissing', { id: proposalId });
  if (reason.length > GOVERNANCE_LIMITS.reasonLengthMax) {
    throw userError('govReasonTooLong', { max: GOVERNANCE_LIMITS.reasonLengthMax });
  }
  return { proposalId, reason };
}
