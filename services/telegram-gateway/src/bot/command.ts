import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { Messages, CommandName } from '../i18n/messages.en';
import type { GroupChat, Member } from '../members/member';
import type { Recipient } from '../members/target.resolver';
import type { Target } from '../parsing/command-args.parser';
import type { CommandDeps } from './command.deps';

/** What a command sends back: plain text, or text with an inline keyboard. */
export type CommandReply = string | { text: string; replyMarkup: unknown };

/**
 * Who may run a command and what the runner checks first (bot/command.runner.ts):
 * - `anyone`: nothing; any chat.
 * - `member`: a group chat, a real person (no anonymous admin, no channel), made a member first.
 * - `admin`: as `member`, and a Telegram admin of the chat.
 * - `memberOrPrivate`: as `member` in a group; in a private chat with the bot, the sender alone.
 */
export type CommandScope = 'anyone' | 'member' | 'admin' | 'memberOrPrivate';

/** The command's message as `parse` reads it: the text after the command, and whether it replies to someone. */
export interface CommandText {
  args: string;
  isReply: boolean;
}

export interface BaseRequest<A> {
  args: A;
  botUsername: string;
  /**
   * The sender's catalogue, only for texts a use case sends elsewhere than the reply (a secret in a
   * private chat); the reply itself is `render`'s.
   */
  t: Messages;
}

/** A command of a member in a group: everything a use case may know of the chat and the message. */
export interface MemberRequest<A> extends BaseRequest<A> {
  kind: 'member';
  member: Member;
  chat: GroupChat;
  messageId: number;
  /** The member a command names: @username, or the author of the message it replies to. */
  target(target: Target): Promise<Recipient>;
}

/** A command in a private chat with the bot. */
export interface PrivateRequest<A> extends BaseRequest<A> {
  kind: 'private';
  telegramUserId: number;
  displayName: string;
  /** The sender as an accounts user (made one if new): their user id. */
  ensureUser(): Promise<string>;
}

export interface RequestOf<A> {
  anyone: BaseRequest<A>;
  member: MemberRequest<A>;
  admin: MemberRequest<A>;
  memberOrPrivate: MemberRequest<A> | PrivateRequest<A>;
}

/** What `render` may add besides the catalogue: the command list /start and /help show, the wallet button. */
export interface RenderTools {
  helpText(): string;
  /** The reply's "Open wallet" keyboard for this chat (wallet/wallet-button.ts), none when no wallet is set up. */
  walletKeyboard(): InlineKeyboardMarkup | undefined;
}

/** A text with the wallet button under it, when there is one. */
export function withWallet(text: string, tools: RenderTools): CommandReply {
  const replyMarkup = tools.walletKeyboard();
  return replyMarkup === undefined ? text : { text, replyMarkup };
}

/**
 * One bot command: its name (and hidden aliases), who may run it, how its text is read, what it does
 * through the services, and how the result reads. `parse` and `render` are pure; only `run` talks to the
 * backends, and none of them sees Telegram's context (the runner and bot/commands.update.ts do).
 */
export interface CommandSpec<S extends CommandScope, A, R> {
  name: CommandName;
  /** Other names the command answers to, not shown in the menu (/inv for /inventory). */
  aliases?: readonly string[];
  scope: S;
  parse(text: CommandText): A;
  run(request: RequestOf<A>[S], deps: CommandDeps): Promise<R>;
  render(result: R, t: Messages, tools: RenderTools): CommandReply;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a table holds commands of every shape
export type AnyCommand = { [S in CommandScope]: CommandSpec<S, any, any> }[CommandScope];

export function defineCommand<S extends CommandScope, A, R>(
  spec: CommandSpec<S, A, R>,
): CommandSpec<S, A, R> {
  return spec;
}

/** For commands that take no arguments: anything after the command is ignored, as it always was. */
export function noArgs(): void {
  return undefined;
}
