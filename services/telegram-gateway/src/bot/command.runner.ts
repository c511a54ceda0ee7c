import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Context } from 'telegraf';
import type { InlineKeyboardMarkup, Message } from 'telegraf/types';
import { AdminCheckService } from '../admin/admin-check.service';
import { replyForError } from '../errors/error-replies';
import { messagesFor, render, type MessageKey } from '../i18n/catalogue';
import type { Messages } from '../i18n/messages.en';
import type { GatewayConfig } from '../config/gateway.config';
import { GATEWAY_CONFIG, LOGGER } from '../gateway.tokens';
import { walletKeyboard, type WalletPlace } from '../wallet/wallet-button';
import type { GroupChat, Member } from '../members/member';
import { displayNameOf, MembersService } from '../members/members.service';
import { repliedMessageOf, senderKindOf } from '../members/sender';
import { TargetResolver } from '../members/target.resolver';
import { commandArgs, type Target } from '../parsing/command-args.parser';
import { userError } from '../errors/user-facing.error';
import { helpText } from './bot-commands';
import type {
  AnyCommand,
  BaseRequest,
  CommandReply,
  CommandScope,
  MemberRequest,
  PrivateRequest,
} from './command';
import type { CommandDeps } from './command.deps';
import type { ButtonOutcome } from './button-outcome';
import { RepliesService } from './replies.service';

/** A request before its arguments are parsed: the runner's checks done, the scope's facts gathered. */
type Preamble =
  | { kind: 'anyone' }
  | Omit<MemberRequest<never>, keyof BaseRequest<never>>
  | Omit<PrivateRequest<never>, keyof BaseRequest<never>>;

/**
 * Runs a command handler and sends what it returns; every failure becomes one short message from the
 * catalogue in the member's language, so no handler has its own try/catch and nothing internal leaks.
 */
@Injectable()
export class CommandRunner {
  constructor(
    private readonly replies: RepliesService,
    private readonly members: MembersService,
    @Inject(TargetResolver) private readonly targets: TargetResolver,
    @Inject(AdminCheckService) private readonly admins: AdminCheckService,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
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
      'alert' in outcome
        ? ctx.answerCbQuery(outcome.alert, { show_alert: true })
        : ctx.answerCbQuery(outcome.notice);
    await answer.catch((error: unknown) => this.logger.warn({ err: error }, 'answerCallbackQuery failed'));
    const prompt = ctx.callbackQuery?.message;
    if ('edit' in outcome && prompt !== undefined)
      this.replies.edit(prompt.chat, prompt.message_id, outcome.edit, outcome.replyMarkup);
  }

  /**
   * Runs one command of the table: the checks its scope asks for (a group, a real person, the member
   * ensured, an admin), then parse, run and render; a failure anywhere is one catalogue reply.
   */
  async runCommand(ctx: Context, command: AnyCommand, deps: CommandDeps): Promise<void> {
    await this.run(ctx, async (t) => {
      const preamble = await this.preamble(ctx, command.scope);
      if (preamble === undefined) return t.groupOnly;
      const message = ctx.message as Message.TextMessage;
      const args: unknown = command.parse({
        args: commandArgs(message.text),
        isReply: repliedMessageOf(message) !== undefined,
      });
      const request = { ...preamble, args, t, botUsername: ctx.botInfo.username };
      const result: unknown = await command.run(request as never, deps);
      return command.render(result, t, {
        helpText: () => helpText(t),
        walletKeyboard: () => this.walletKeyboardFor(ctx, preamble, t),
      });
    });
  }

  /** Undefined when the command cannot run in this chat (the member is told it works in a group). */
  private async preamble(ctx: Context, scope: CommandScope): Promise<Preamble | undefined> {
    if (scope === 'anyone') return { kind: 'anyone' };
    const from = ctx.from;
    if (from === undefined) return undefined;
    const chat = groupChatOf(ctx);
    if (chat === undefined) {
      if (scope !== 'memberOrPrivate' || ctx.chat?.type !== 'private') return undefined;
      return {
        kind: 'private',
        telegramUserId: from.id,
        displayName: displayNameOf(from),
        ensureUser: async () => (await this.members.ensureUser(from)).id,
      };
    }
    assertRealMember(ctx);
    const member = await this.members.ensureMember(chat, from);
    if (scope === 'admin') await this.assertAdmin(chat, member);
    const message = ctx.message as Message;
    return {
      kind: 'member',
      member,
      chat,
      messageId: message.message_id,
      target: (target: Target) => this.targets.resolve(chat, message, target, ctx.botInfo.username),
    };
  }

  /** Commands of any chat (scope `anyone`) know too little of it to offer a wallet. */
  private walletKeyboardFor(ctx: Context, preamble: Preamble, t: Messages): InlineKeyboardMarkup | undefined {
    if (preamble.kind === 'anyone') return undefined;
    const chat: WalletPlace['chat'] =
      preamble.kind === 'member'
        ? { kind: 'group', communityId: preamble.member.communityId }
        : { kind: 'private' };
    return walletKeyboard({ config: this.config, botUsername: ctx.botInfo.username, chat }, t);
  }

  private async assertAdmin(chat: GroupChat, member: Member): Promise<void> {
    if (!(await this.admins.isAdmin(chat.id, member.telegramUserId))) throw userError('notAdmin');
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
