import { EventEmitter } from 'node:events';
import type {
  BotCommand,
  CallbackQuery,
  Chat,
  ChatMember,
  MenuButton,
  Message,
  User,
  UserFromGetMe,
} from 'telegraf/types';
import { badRequest, forbidden } from './bot-api.errors';
import type {
  AnsweredCallback,
  ApiCall,
  ChatInput,
  MemberStatus,
  SentMessage,
  UserInput,
} from './telegram-emulator.types';

export type EmulatedChat = Chat.PrivateChat | Chat.GroupChat | Chat.SupergroupChat;

/** Telegram's stand-in sender of messages posted on behalf of a channel (sender_chat names the channel). */
export const CHANNEL_BOT_USER: User = {
  id: 136_817_688,
  is_bot: true,
  first_name: 'Channel',
  username: 'Channel_Bot',
};
/** Telegram's stand-in sender of an anonymous admin's messages (sender_chat is the group itself). */
export const GROUP_ANONYMOUS_BOT_USER: User = {
  id: 1_087_968_824,
  is_bot: true,
  first_name: 'Group',
  username: 'GroupAnonymousBot',
};

/** A message in a chat, from a user or from the bot, in its current Telegram shape. */
export interface StoredMessage {
  message: Message;
  fromBot: boolean;
  deleted: boolean;
}

export interface ChatRecord {
  chat: EmulatedChat;
  nextMessageId: number;
  members: Map<number, MemberStatus>;
  messages: Map<number, StoredMessage>;
  /** Forum topics by the message_id of their forum_topic_created message (Telegram's message_thread_id). */
  topics: Set<number>;
}

/** Emitted on every change a waiter may care about (a message sent or edited, a call answered). */
export const STATE_CHANGED = 'changed';

/**
 * Everything the emulated Telegram knows: chats, users, memberships, every message, and the record of what the
 * bot did. Method handlers and the test-side API both go through here, so they always agree.
 */
export class EmulatorState extends EventEmitter {
  readonly bot: UserFromGetMe;
  private readonly chats = new Map<number, ChatRecord>();
  private readonly users = new Map<number, User>();
  readonly sentMessages: SentMessage[] = [];
  readonly apiCalls: ApiCall[] = [];
  readonly answered: AnsweredCallback[] = [];
  /** Callback queries not answered yet, by id. */
  readonly openCallbacks = new Map<string, CallbackQuery.DataQuery>();
  /** setMyCommands lists by scope and language (see commandsKey). */
  readonly commands = new Map<string, BotCommand[]>();
  /** setChatMenuButton: by private chat id, or the default one (see menu-button.methods.ts). */
  readonly menuButtons = new Map<string, MenuButton>();
  private nextCallbackId = 1;

  constructor(bot: UserFromGetMe) {
    super();
    this.bot = bot;
    this.users.set(bot.id, { id: bot.id, is_bot: true, first_name: bot.first_name, username: bot.username });
    this.users.set(CHANNEL_BOT_USER.id, CHANNEL_BOT_USER);
    this.users.set(GROUP_ANONYMOUS_BOT_USER.id, GROUP_ANONYMOUS_BOT_USER);
  }

  addChat(input: ChatInput): EmulatedChat {
    const chat = this.chatFromInput(input);
    const existing = this.chats.get(input.id);
    if (existing !== undefined) {
      existing.chat = chat;
      return chat;
    }
    const members = new Map<number, MemberStatus>();
    // The bot is in every chat a test adds; setMember(chatId, botId, 'kicked' | 'left') takes it out.
    members.set(this.bot.id, 'member');
    if (input.type === 'private') members.set(input.id, 'member');
    this.chats.set(input.id, { chat, nextMessageId: 1, members, messages: new Map(), topics: new Set() });
    return chat;
  }

  addUser(input: UserInput): User {
    const user: User = { id: input.id, is_bot: input.is_bot ?? false, first_name: input.first_name };
    if (input.last_name !== undefined) user.last_name = input.last_name;
    if (input.username !== undefined) user.username = input.username;
    if (input.language_code !== undefined) user.language_code = input.language_code;
    this.users.set(input.id, user);
    return user;
  }

  user(userId: number): User {
    const user = this.users.get(userId);
    if (user === undefined) throw new Error(`unknown user ${userId}: call addUser first`);
    return user;
  }

  findUser(userId: number): User | undefined {
    return this.users.get(userId);
  }

  chatRecord(chatId: number): ChatRecord {
    const record = this.chats.get(chatId);
    if (record === undefined) throw new Error(`unknown chat ${chatId}: call addChat first`);
    return record;
  }

  /** Resolves a bot-side chat_id (number or "@username") the way Telegram does, with Telegram's errors. */
  chatForBot(ref: number | string): ChatRecord {
    const record =
      typeof ref === 'number'
        ? this.chats.get(ref)
        : [...this.chats.values()].find(
            (candidate) => 'username' in candidate.chat && `@${candidate.chat.username}` === ref,
          );
    if (record === undefined) {
      // Telegram knows the user but the user never opened a private chat with the bot.
      if (typeof ref === 'number' && this.users.has(ref))
        throw forbidden("bot can't initiate conversation with a user");
      throw badRequest('chat not found');
    }
    return record;
  }

  /** Telegram's answer when the bot writes to a chat it is no longer in. */
  assertBotCanWrite(record: ChatRecord): void {
    const status = record.members.get(this.bot.id) ?? 'left';
    const kind = record.chat.type === 'supergroup' ? 'supergroup chat' : 'group chat';
    if (record.chat.type === 'private') {
      if (record.members.get(record.chat.id) === 'kicked') throw forbidden('bot was blocked by the user');
      return;
    }
    if (status === 'kicked') throw forbidden(`bot was kicked from the ${kind}`);
    if (status === 'left') throw forbidden(`bot is not a member of the ${kind}`);
  }

  setMember(chatId: number, userId: number, status: MemberStatus): void {
    this.chatRecord(chatId).members.set(userId, status);
  }

  memberStatus(chatId: number, userId: number): MemberStatus | undefined {
    return this.chatRecord(chatId).members.get(userId);
  }

  chatMember(record: ChatRecord, userId: number): ChatMember {
    const user = this.users.get(userId);
    if (user === undefined) throw badRequest('user not found');
    const status = record.members.get(userId) ?? 'left';
    switch (status) {
      case 'creator':
        return { status, user, is_anonymous: false };
      case 'administrator':
        return {
          status,
          user,
          can_be_edited: false,
          is_anonymous: false,
          can_manage_chat: true,
          can_delete_messages: true,
          can_manage_video_chats: true,
          can_restrict_members: true,
          can_promote_members: false,
          can_change_info: true,
          can_invite_users: true,
          can_post_stories: false,
          can_edit_stories: false,
          can_delete_stories: false,
          can_pin_messages: true,
        };
      case 'kicked':
        return { status, user, until_date: 0 };
      default:
        return { status, user };
    }
  }

  administrators(record: ChatRecord): ChatMember[] {
    return [...record.members.entries()]
      .filter(([, status]) => status === 'creator' || status === 'administrator')
      .map(([userId]) => this.chatMember(record, userId));
  }

  /** Gives the message the chat's next id and stores it; `build` gets that id. */
  storeMessage(record: ChatRecord, fromBot: boolean, build: (messageId: number) => Message): StoredMessage {
    const messageId = record.nextMessageId;
    record.nextMessageId += 1;
    const stored: StoredMessage = { message: build(messageId), fromBot, deleted: false };
    record.messages.set(messageId, stored);
    return stored;
  }

  findMessage(record: ChatRecord, messageId: number): StoredMessage | undefined {
    const stored = record.messages.get(messageId);
    return stored === undefined || stored.deleted ? undefined : stored;
  }

  sentRecord(chatId: number, messageId: number): SentMessage | undefined {
    return this.sentMessages.find((sent) => sent.chatId === chatId && sent.messageId === messageId);
  }

  newCallbackId(): string {
    const id = `${this.bot.id}${String(this.nextCallbackId).padStart(6, '0')}`;
    this.nextCallbackId += 1;
    return id;
  }

  changed(): void {
    this.emit(STATE_CHANGED);
  }

  private chatFromInput(input: ChatInput): EmulatedChat {
    if (input.type === 'private') {
      const user = this.users.get(input.id);
      const chat: Chat.PrivateChat = {
        id: input.id,
        type: 'private',
        first_name: user?.first_name ?? `User ${input.id}`,
      };
      if (user?.last_name !== undefined) chat.last_name = user.last_name;
      if (user?.username !== undefined) chat.username = user.username;
      return chat;
    }
    const title = input.title ?? `Chat ${input.id}`;
    if (input.type === 'group') return { id: input.id, type: 'group', title };
    const chat: Chat.SupergroupChat = { id: input.id, type: 'supergroup', title };
    if (input.username !== undefined) chat.username = input.username;
    if (input.isForum === true) chat.is_forum = true;
    return chat;
  }
}

export function unixSeconds(nowMs: number): number {
  return Math.floor(nowMs / 1_000);
}
