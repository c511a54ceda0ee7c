import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Context } from 'telegraf';
import { replyForError } from '../errors/error-replies';
import { messagesFor, render, type MessageKey } from '../i18n/catalogue';
import type { Messages } from '../i18n/messages.en';
import { LOGGER } from '../gateway.tokens';
import type { GroupChat, Member } from '../members/member';
import { MembersService } from '../members/members.service';
import { senderKindOf } from '../members/sender';
import { userError } from '../errors/user-facing.error';
import { RepliesService } from './replies.service';

/** What a command sends back: plain text, or text with an inline keyboard. */
export type CommandReply = string | { text: string; replyMarkup: unknown };

/** What a button press does: replace the message that had the button, or only pop up a notice. */
export type ButtonOutcome = { edit: string } | { alert: string };

/**
 * Runs a command handler and sends what it returns; every failure becomes one short message from the
 * catalogue in the member's language, so no handler has its own try/catch and nothing internal leaks.
 */
@Injectable()
export class CommandRunner {
  constructor(
    private readonly replies: RepliesService,
    private readonly members: MembersService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async run(ctx: Context, action: (t: Messages) => Promise<CommandReply>): Promise<void> {
    const t = messagesFor(ctx.from?.language_code);
    try {
      this.send(ctx, await action(t));
    } catch (error) {
      this.replies.reply(ctx, this.failureText(ctx, t, error));
    }
  }

  /**
   * Runs a button handler. The callback query is always answered (Telegram shows a spinner until then);
   * a failure replaces the message with the button, which is of no further use.
   */
  async runButton(ctx: Context, action: (t: Messages) => Promise<ButtonOutcome>): Promise<void> {
    const t = messagesFor(ctx.from?.language_code);
    let outcome: ButtonOutcome;
    try {
      outcome = await action(t);
    } catch (error) {
      outcome = { edit: this.failureText(ctx, t, error) };
    }
    const answer =
      'alert' in outcome ? ctx.answerCbQuery(outcome.alert, { show_alert: true }) : ctx.answerCbQuery();
    await answer.catch((error: unknown) => this.logger.warn({ err: error }, 'answerCallbackQuery failed'));
    const prompt = ctx.callbackQuery?.message;
    if ('edit' in outcome && prompt !== undefined)
      this.replies.edit(prompt.chat, prompt.message_id, outcome.edit);
  }

  /** For commands about a member's tickets: only in groups, and the member is ensured first. */
  async runAsMember(
    ctx: Context,
    action: (member: Member, chat: GroupChat, t: Messages) => Promise<CommandReply>,
  ): Promise<void> {
    await this.run(ctx, async (t) => {
      const chat = groupChatOf(ctx);
      const from = ctx.from;
      if (chat === undefined || from === undefined) return t.groupOnly;
      assertRealMember(ctx);
      const member = await this.members.ensureMember(chat, from);
      return action(member, chat, t);
    });
  }

  private failureText(ctx: Context, t: Messages, error: unknown): string {
    const { key, params, unexpected } = replyForError(error);
    const where = { chatId: ctx.chat?.id, updateId: ctx.update.update_id };
    if (unexpected) this.logger.error({ ...where, err: error }, 'command failed');
    else if (key === 'unavailable') this.logger.warn({ ...where, err: error }, 'a backend is unavailable');
    return render(t, key as MessageKey, params as never);
  }

  private send(ctx: Context, reply: CommandReply): void {
    if (typeof reply === 'string') this.replies.reply(ctx, reply);
    else this.replies.reply(ctx, reply.text, reply.replyMarkup);
  }
}

/** A command needs a person behind it: not an anonymous admin, not a channel (see senderKindOf). */
export function assertRealMember(ctx: Context): void {
  const kind = senderKindOf(ctx.message);
  if (kind === 'anonymousAdmin') throw userError('anonymousAdmin');
  if (kind === 'channel') throw userError('channelSender');
}

export function groupChatOf(ctx: Context): GroupChat | undefined {
  const chat = ctx.chat;
  if (chat === undefined || (chat.type !== 'group' && chat.type !== 'supergroup')) return undefined;
  return { id: chat.id, type: chat.type, title: chat.title };
}
