import { Inject } from '@nestjs/common';
import type { Logger } from 'pino';
import { Action, Ctx, Update } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import { CommandRunner, groupChatOf } from '../bot/command.runner';
import { replyForError } from '../errors/error-replies';
import { LOGGER } from '../gateway.tokens';
import { render, type MessageKey } from '../i18n/catalogue';
import { MembersService } from '../members/members.service';
import { GovernanceService } from './governance.service';
import { parseVoteButton, VOTE_BUTTON_DATA, voteKeyboard } from './vote-buttons';

/**
 * The Yes / No buttons under a proposal (/propose, /vote). A press votes as the member who pressed it and
 * updates the counts on the message; a refusal (not a voter, voted already, voting over) is a notice to the
 * presser alone, and the message stays for the others.
 */
@Update()
export class VoteUpdate {
  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(GovernanceService) private readonly governance: GovernanceService,
    @Inject(MembersService) private readonly members: MembersService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Action(VOTE_BUTTON_DATA)
  async onVoteButton(@Ctx() ctx: Context): Promise<void> {
    await this.runner.runButton(ctx, async (t) => {
      const query = ctx.callbackQuery;
      const pressed = parseVoteButton(query !== undefined && 'data' in query ? query.data : '');
      const chat = groupChatOf(ctx);
      if (pressed === undefined || chat === undefined || ctx.from === undefined) {
        return { alert: t.govNotEligibleToVote };
      }
      try {
        const voter = await this.members.ensureMember(chat, ctx.from);
        const proposal = await this.governance.vote(voter, pressed.proposalId, pressed.choice);
        return {
          edit: t.govProposal(proposal),
          ...(proposal.status === 'voting' ? { replyMarkup: voteKeyboard(proposal.id, t) } : {}),
          notice: t.govVoted({ choice: pressed.choice }),
        };
      } catch (error) {
        const { key, params, unexpected } = replyForError(error);
        if (unexpected) this.logger.error({ chatId: chat.id, err: error }, 'vote button failed');
        return { alert: render(t, key as MessageKey, params as never) };
      }
    });
  }
}
