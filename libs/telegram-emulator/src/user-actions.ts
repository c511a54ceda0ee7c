import type { CallbackQuery, Chat, ChatMember, Message, MessageEntity, Update, User } from 'telegraf/types';
import {
  CHANNEL_BOT_USER,
  GROUP_ANONYMOUS_BOT_USER,
  unixSeconds,
  type ChatRecord,
  type EmulatorState,
} from './telegram-emulator.state';
import type { ClickButtonOptions, MemberStatus, SendTextOptions } from './telegram-emulator.types';
import type { UpdateQueue } from './update-queue';

/** A command: "/" and 1-32 letters, digits or underscores, optionally "@botname"; Telegram marks every one. */
const BOT_COMMAND = /(^|\s)(\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?)(?=$|\s|[.,!?;:])/g;

/** What users do in chats, turned into the updates Telegram would deliver to the bot. */
export class UserActions {
  constructor(
    private readonly state: EmulatorState,
    private readonly updates: UpdateQueue,
    private readonly privacyMode: boolean,
  ) {}

  sendText(chatId: number, userId: number, text: string, options: SendTextOptions = {}): Message.TextMessage {
    const record = this.state.chatRecord(chatId);
    this.assertCanPost(record, userId);
    const nowMs = Date.now();
    let replyTo: Message | undefined;
    if (options.replyToMessageId !== undefined) {
      replyTo = this.state.findMessage(record, options.replyToMessageId)?.message;
      if (replyTo === undefined) throw new Error(`chat ${chatId} has no message ${options.replyToMessageId}`);
    }
    const threadId = this.threadOf(record, options.threadId, replyTo);
    // In a topic, a message that replies to no one replies to the topic's root (forum_topic_created) message.
    if (threadId !== undefined && replyTo === undefined) {
      replyTo = this.state.findMessage(record, threadId)?.message;
    }
    const entities = options.entities ?? commandEntities(text);
    const stored = this.state.storeMessage(record, false, (messageId) => {
      const message: Record<string, unknown> = {
        message_id: messageId,
        ...this.senderOf(record, userId, options),
        chat: record.chat,
        date: unixSeconds(nowMs),
        text,
      };
      if (threadId !== undefined) {
        message.message_thread_id = threadId;
        message.is_topic_message = true;
      }
      if (entities.length > 0) message.entities = entities;
      if (replyTo !== undefined) {
        const target: Record<string, unknown> = { ...replyTo };
        delete target.reply_to_message;
        message.reply_to_message = target;
      }
      if (options.forwardFrom !== undefined) {
        message.forward_origin = {
          type: 'user',
          sender_user: this.state.user(options.forwardFrom),
          date: unixSeconds(nowMs),
        };
      }
      return message as unknown as Message;
    });
    const message = stored.message as Message.TextMessage;
    if (this.botSees(record, message, replyTo))
      this.updates.push({ message } as Omit<Update.MessageUpdate, 'update_id'>);
    return message;
  }

  /** A user opens a topic in a forum supergroup; its forum_topic_created message's id is the topic's thread id. */
  createForumTopic(chatId: number, userId: number, name: string): Message.ForumTopicCreatedMessage {
    const record = this.state.chatRecord(chatId);
    if (record.chat.type !== 'supergroup' || record.chat.is_forum !== true) {
      throw new Error(`chat ${chatId} is not a forum: addChat({ type: 'supergroup', isForum: true })`);
    }
    this.assertCanPost(record, userId);
    const threadId = record.nextMessageId;
    record.topics.add(threadId);
    return this.serviceMessage(record, this.state.user(userId), {
      message_thread_id: threadId,
      is_topic_message: true,
      forum_topic_created: { name, icon_color: 0x6fb9f0 },
    }) as Message.ForumTopicCreatedMessage;
  }

  /**
   * An admin changes a member's status (promotes, demotes, restricts to member): a chat_member update, which
   * Telegram sends only to a bot that names chat_member in allowed_updates (my_chat_member for the bot itself).
   */
  changeMember(chatId: number, userId: number, status: MemberStatus, byUserId: number): void {
    const record = this.state.chatRecord(chatId);
    const user = this.state.user(userId);
    const before = this.state.chatMember(record, userId);
    record.members.set(userId, status);
    const after = this.state.chatMember(record, userId);
    this.pushMemberUpdate(record, user, this.state.user(byUserId), before, after);
  }

  newChatMembers(chatId: number, userIds: number[]): Message.NewChatMembersMessage {
    const record = this.state.chatRecord(chatId);
    const users = userIds.map((userId) => this.state.user(userId));
    const first = users[0];
    if (first === undefined) throw new Error('newChatMembers needs at least one user');
    const previous = userIds.map((userId) => record.members.get(userId) ?? 'left');
    for (const userId of userIds) record.members.set(userId, 'member');
    const message = this.serviceMessage(record, first, {
      new_chat_members: users,
    }) as Message.NewChatMembersMessage;
    users.forEach((user, index) =>
      this.memberChanged(record, user, first, previous[index] ?? 'left', 'member'),
    );
    return message;
  }

  leftChatMember(chatId: number, userId: number): Message.LeftChatMemberMessage {
    const record = this.state.chatRecord(chatId);
    const user = this.state.user(userId);
    const previous = record.members.get(userId) ?? 'member';
    record.members.set(userId, 'left');
    const message = this.serviceMessage(record, user, {
      left_chat_member: user,
    }) as Message.LeftChatMemberMessage;
    this.memberChanged(record, user, user, previous, 'left');
    return message;
  }

  clickButton(
    chatId: number,
    userId: number,
    messageId: number,
    callbackData: string,
    options: ClickButtonOptions = {},
  ): string {
    const record = this.state.chatRecord(chatId);
    const from = this.state.user(userId);
    const stored = this.state.findMessage(record, messageId);
    if (stored === undefined || !stored.fromBot)
      throw new Error(`chat ${chatId} has no bot message ${messageId}`);
    if (options.unchecked !== true) {
      const keyboard = (stored.message as Message.TextMessage).reply_markup?.inline_keyboard ?? [];
      const shown = keyboard
        .flat()
        .some((button) => 'callback_data' in button && button.callback_data === callbackData);
      if (!shown) {
        throw new Error(
          `message ${messageId} in chat ${chatId} shows no button with callback_data "${callbackData}"`,
        );
      }
    }
    const query: CallbackQuery.DataQuery = {
      id: this.state.newCallbackId(),
      from,
      message: stored.message,
      // Telegram's chat_instance is opaque but stable per chat; the chat id in text is enough for tests.
      chat_instance: `instance${chatId}`,
      data: callbackData,
    };
    this.state.openCallbacks.set(query.id, query);
    this.updates.push({ callback_query: query });
    return query.id;
  }

  /** The topic a message goes to: the one named, else the replied message's; Telegram keeps both the same. */
  private threadOf(
    record: ChatRecord,
    threadId: number | undefined,
    replyTo: Message | undefined,
  ): number | undefined {
    const replyThread =
      replyTo !== undefined && 'is_topic_message' in replyTo && replyTo.is_topic_message === true
        ? replyTo.message_thread_id
        : undefined;
    if (threadId === undefined) return replyThread;
    if (!record.topics.has(threadId)) throw new Error(`chat ${record.chat.id} has no topic ${threadId}`);
    if (replyTo !== undefined && replyThread !== threadId) {
      throw new Error(`message ${replyTo.message_id} is not in topic ${threadId}`);
    }
    return threadId;
  }

  /** from (and sender_chat): the user, or Telegram's stand-in when they write as the group or a channel. */
  private senderOf(record: ChatRecord, userId: number, options: SendTextOptions): Record<string, unknown> {
    if (options.anonymousAdmin === true) {
      const status = record.members.get(userId);
      if (status !== 'administrator' && status !== 'creator') {
        throw new Error(
          `user ${userId} is not an admin of chat ${record.chat.id}, so cannot write anonymously`,
        );
      }
      return { from: GROUP_ANONYMOUS_BOT_USER, sender_chat: record.chat };
    }
    const channel = options.onBehalfOfChannel;
    if (channel !== undefined) {
      const senderChat: Chat.ChannelChat = { id: channel.id, type: 'channel', title: channel.title };
      if (channel.username !== undefined) senderChat.username = channel.username;
      return { from: CHANNEL_BOT_USER, sender_chat: senderChat };
    }
    return { from: this.state.user(userId) };
  }

  private assertCanPost(record: ChatRecord, userId: number): void {
    if (record.chat.type === 'private' && record.chat.id !== userId) {
      throw new Error(
        `only user ${record.chat.id} writes in private chat ${record.chat.id}, not user ${userId}`,
      );
    }
    const status = record.members.get(userId);
    if (status === 'left' || status === 'kicked') {
      throw new Error(`user ${userId} is ${status} in chat ${record.chat.id}: setMember first`);
    }
    // A user a test never placed in the chat joins it by writing, to keep setup short.
    if (status === undefined) record.members.set(userId, 'member');
  }

  /** With privacy mode on, a non-admin bot sees in groups only commands for it and replies to its messages. */
  private botSees(record: ChatRecord, message: Message.TextMessage, replyTo: Message | undefined): boolean {
    if (!this.privacyMode || record.chat.type === 'private') return true;
    const botStatus = record.members.get(this.state.bot.id);
    if (botStatus === 'administrator' || botStatus === 'creator') return true;
    if (replyTo !== undefined && replyTo.from?.id === this.state.bot.id) return true;
    const botName = this.state.bot.username.toLowerCase();
    return (message.entities ?? []).some((entity) => {
      if (entity.type !== 'bot_command') return false;
      const target = message.text.slice(entity.offset, entity.offset + entity.length).split('@')[1];
      return target === undefined || target.toLowerCase() === botName;
    });
  }

  private serviceMessage(record: ChatRecord, from: User, fields: Record<string, unknown>): Message {
    const nowMs = Date.now();
    const stored = this.state.storeMessage(
      record,
      false,
      (messageId) =>
        ({
          message_id: messageId,
          from,
          chat: record.chat,
          date: unixSeconds(nowMs),
          ...fields,
        }) as unknown as Message,
    );
    this.updates.push({ message: stored.message } as Omit<Update.MessageUpdate, 'update_id'>);
    return stored.message;
  }

  /** chat_member (delivered only when allowed_updates names it) and, for the bot itself, my_chat_member. */
  private memberChanged(
    record: ChatRecord,
    user: User,
    by: User,
    from: MemberStatus,
    to: MemberStatus,
  ): void {
    this.pushMemberUpdate(
      record,
      user,
      by,
      { status: from, user } as ChatMember,
      { status: to, user } as ChatMember,
    );
  }

  private pushMemberUpdate(
    record: ChatRecord,
    user: User,
    by: User,
    before: ChatMember,
    after: ChatMember,
  ): void {
    const change = {
      chat: record.chat,
      from: by,
      date: unixSeconds(Date.now()),
      old_chat_member: before,
      new_chat_member: after,
    };
    if (user.id === this.state.bot.id) {
      this.updates.push({ my_chat_member: change } as Omit<Update.MyChatMemberUpdate, 'update_id'>);
    } else {
      this.updates.push({ chat_member: change } as Omit<Update.ChatMemberUpdate, 'update_id'>);
    }
  }
}

export function commandEntities(text: string): MessageEntity[] {
  return [...text.matchAll(BOT_COMMAND)].map((match) => ({
    type: 'bot_command' as const,
    offset: (match.index ?? 0) + (match[1] ?? '').length,
    length: (match[2] ?? '').length,
  }));
}
