import { defineCommand, noArgs, type CommandReply } from '../bot/command';
import { userError } from '../errors/user-facing.error';
import type { Messages } from '../i18n/messages.en';
import { parseProposeArgs, parseVetoArgs, parseVoteArgs } from './governance-args.parser';
import { parseRulesArgs } from './governance-rules.parser';
import { fitSections, type ProposalView } from './governance.format';
import { voteKeyboard } from './vote-buttons';

/** A proposal as a message: with its Yes / No buttons while it takes votes. */
export function proposalReply(view: ProposalView, t: Messages, lead?: string): CommandReply {
  const text = lead === undefined ? t.govProposal(view) : `${lead}\n\n${t.govProposal(view)}`;
  return view.status === 'voting' ? { text, replyMarkup: voteKeyboard(view.id, t) } : text;
}

/** /propose alone (or with an unknown parameter): the parameters; /propose <parameter> <value> <title>: a proposal. */
export const proposeCommand = defineCommand({
  name: 'propose',
  scope: 'member',
  parse: ({ args, isReply }) => parseProposeArgs(args, isReply),
  run: async ({ args, member, chat, messageId, target }, { governance }) => {
    if (args.kind === 'parameters') {
      return {
        kind: 'parameters' as const,
        unknown: args.unknown,
        rows: await governance.parameters(member.communityId),
      };
    }
    const recipient = args.recipient === undefined ? undefined : await target(args.recipient);
    const proposal = await governance.propose(
      member,
      { chatId: chat.id, messageId },
      { ...args, ...(recipient === undefined ? {} : { recipientId: recipient.userId }) },
    );
    return { kind: 'proposed' as const, proposal };
  },
  render: (result, t) =>
    result.kind === 'parameters'
      ? [
          t.govParametersHeader({ unknown: result.unknown }),
          ...result.rows.map((row) => t.govParameterLine(row)),
          t.govParametersFooter,
        ].join('\n')
      : proposalReply(result.proposal, t, t.govProposed),
});

/** /proposals: the open proposals, then the latest results. */
export const proposalsCommand = defineCommand({
  name: 'proposals',
  scope: 'member',
  parse: noArgs,
  run: ({ member }, { governance }) => governance.overview(member.communityId),
  render: ({ open, recent }, t) => {
    if (open.length === 0 && recent.length === 0) return t.govProposalsEmpty;
    return fitSections(
      [
        { header: t.govOpenHeader, cards: open.map((view) => t.govProposal(view)) },
        { header: t.govRecentHeader, cards: recent.map((view) => t.govProposal(view)) },
      ],
      (count) => t.govMore({ count }),
    );
  },
});

/** /vote 3: the proposal with Yes / No buttons; /vote 3 yes|no: a vote. */
export const voteCommand = defineCommand({
  name: 'vote',
  scope: 'member',
  parse: ({ args }) => parseVoteArgs(args),
  run: async ({ args, member }, { governance }) =>
    args.choice === undefined
      ? { proposal: await governance.get(member.communityId, args.proposalId) }
      : { proposal: await governance.vote(member, args.proposalId, args.choice), choice: args.choice },
  render: ({ proposal, choice }, t) =>
    proposalReply(proposal, t, choice === undefined ? undefined : t.govVoted({ choice })),
});

/** /veto 3 <reason> (admins): the proposal stops; who and why stay on it for everyone to read. */
export const vetoCommand = defineCommand({
  name: 'veto',
  scope: 'admin',
  parse: ({ args }) => parseVetoArgs(args),
  run: ({ args, member }, { governance }) => governance.veto(member, args.proposalId, args.reason),
  render: (proposal, t) => `${t.govVetoDone({ id: proposal.id })}\n\n${t.govProposal(proposal)}`,
});

/** /governance: the community's voting rules; /governance <rule> <value>: an admin changes one. */
export const governanceCommand = defineCommand({
  name: 'governance',
  scope: 'member',
  parse: ({ args }) => parseRulesArgs(args),
  run: async ({ args, member, chat }, { governance, admins }) => {
    if (args.kind === 'show') return { rules: await governance.rules(member.communityId) };
    if (!(await admins.isAdmin(chat.id, member.telegramUserId))) throw userError('notAdmin');
    return { rules: await governance.setRules(member.communityId, args.patch), changed: args.rule };
  },
  render: ({ rules, changed }, t) =>
    [
      ...(changed === undefined ? [] : [t.govRuleSet({ rule: changed }), '']),
      t.govRules(rules),
      t.govRulesFooter,
    ].join('\n'),
});
