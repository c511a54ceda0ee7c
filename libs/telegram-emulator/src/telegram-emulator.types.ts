import type {
  BotCommand,
  BotCommandScope,
  CallbackQuery,
  ForceReply,
  InlineKeyboardMarkup,
  LinkPreviewOptions,
  Message,
  MessageEntity,
  ReplyKeyboardMarkup,
  ReplyKeyboardRemove,
  Update,
} from 'telegraf/types';

/** The member statuses a test can give a user (or the bot) in a chat; "restricted" is not emulated. */
export type MemberStatus = 'creator' | 'administrator' | 'member' | 'left' | 'kicked';

export type EmulatedChatType = 'private' | 'group' | 'supergroup';

/** A private chat's id is its user's id; add the user first so the chat carries the user's name. */
export interface ChatInput {
  id: number;
  type: EmulatedChatType;
  /** Groups and supergroups; defaults to "Chat <id>". */
  title?: string;
  /** Supergroups only: lets the bot address the chat as "@username". */
  username?: string;
  /** Supergroups only: a forum, whose messages live in topics (see createForumTopic). */
  isForum?: boolean;
}

/** A channel a user posts on behalf of in a group (Telegram shows the channel, not the user). */
export interface ChannelInput {
  id: number;
  title: string;
  username?: string;
}

export interface UserInput {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  is_bot?: boolean;
}

export interface TelegramEmulatorOptions {
  /** Defaults to "<botId>:emulator-token"; a token given without botId lends its numeric prefix as the id. */
  token?: string;
  /** Defaults to "EmulatorBot". */
  botUsername?: string;
  botId?: number;
  /** Defaults to "Emulator Bot". */
  botFirstName?: string;
  /**
   * Telegram's group privacy mode: when on, the bot sees only commands, replies to its own messages and service
   * messages in groups. Off by default (a bot made a group admin sees everything, which most tests want).
   */
  privacyMode?: boolean;
  /** How updates are pushed to a webhook set with setWebhook. */
  webhook?: WebhookDeliveryOptions;
  /**
   * The address it listens on: 127.0.0.1 by default; 0.0.0.0 lets bots in containers reach it through the
   * host's address on their network (the compose test's scaled run).
   */
  host?: string;
}

/** Short by default, so a test with a failing receiver fails in about a second, not in Telegram's hours. */
export interface WebhookDeliveryOptions {
  /** Tries per update; after the last one fails the update is dropped, as Telegram gives up too. Default 5. */
  attemptsMax?: number;
  /** Wait before the second try, doubled before each later one. Default 100. */
  retryDelayMs?: number;
  /** The longest wait between two tries. Default 1000. */
  retryDelayMaxMs?: number;
  /** How long one POST may take (the bot handles the update before answering). Default 15000. */
  timeoutMs?: number;
}

/** The webhook set with setWebhook, as the emulator keeps it (getWebhookInfo never shows the secret). */
export interface WebhookRegistration {
  url: string;
  secretToken?: string;
  /** Accepted and reported; the emulator sends one update at a time whatever it is. */
  maxConnections: number;
}

/** One POST of one update to the webhook, in order. */
export interface WebhookDelivery {
  updateId: number;
  /** 1 for an update's first try. */
  attempt: number;
  url: string;
  atMs: number;
  durationMs: number;
  /** Whether X-Telegram-Bot-Api-Secret-Token went with it (it does whenever setWebhook had a secret_token). */
  secretTokenSent: boolean;
  /** The receiver's answer; undefined when there was none (connection refused, timeout). */
  httpStatus?: number;
  /** Why the try failed, in Telegram's words (getWebhookInfo's last_error_message). */
  error?: string;
  /** A 2xx answer: the update is gone from the queue. */
  delivered: boolean;
  /** This was the last allowed try and it failed: the update is dropped. */
  gaveUp: boolean;
}

export type ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply;

/** One change the bot made to a message it sent, in order. */
export interface MessageEdit {
  method: 'editMessageText' | 'editMessageReplyMarkup';
  atMs: number;
  /** The text after the edit (editMessageText only). */
  text?: string;
  /** The keyboard after the edit; undefined when the edit removed it. */
  reply_markup?: InlineKeyboardMarkup;
}

/** A message the bot sent, as the users see it now: edits applied, deletion marked, full history in `edits`. */
export interface SentMessage {
  chatId: number;
  messageId: number;
  /** The text users see: for parse_mode HTML or MarkdownV2 the markup is parsed away (see `entities`). */
  text: string;
  /** The text exactly as the bot sent it (latest edit), markup included. */
  sourceText: string;
  entities?: MessageEntity[];
  parse_mode?: string;
  reply_markup?: ReplyMarkup;
  reply_to_message_id?: number;
  /** The forum topic the message went to: message_thread_id as sent, or the topic of the message replied to. */
  message_thread_id?: number;
  link_preview_options?: LinkPreviewOptions;
  sentAtMs: number;
  deleted: boolean;
  edits: MessageEdit[];
  /** The Telegram Message as getUpdates/sendMessage would show it now. */
  message: Message.TextMessage;
}

/** One Bot API call the bot made, in arrival order. */
export interface ApiCall {
  /** The canonical method name ("sendMessage"), whatever case the bot used. */
  method: string;
  params: Record<string, unknown>;
  atMs: number;
  /** The HTTP status answered; undefined while a long poll is still held. */
  httpStatus?: number;
  /** The error description, for calls that failed. */
  error?: string;
}

export interface AnsweredCallback {
  callbackQueryId: string;
  text?: string;
  show_alert?: boolean;
  url?: string;
  cache_time?: number;
  atMs: number;
  /** The query the answer belongs to. */
  query: CallbackQuery.DataQuery;
}

export interface SendTextOptions {
  replyToMessageId?: number;
  /** Makes the message a forward of something this user wrote. */
  forwardFrom?: number;
  /** Replaces the automatic bot_command entities. */
  entities?: MessageEntity[];
  /**
   * A forum topic (the message_id of its forum_topic_created message): the message is sent in that topic and,
   * unless it replies to another message there, replies to the topic's root message, as Telegram delivers it.
   * A reply to a message in a topic lands in that topic without this.
   */
  threadId?: number;
  /**
   * The user writes as an anonymous admin: from is GroupAnonymousBot and sender_chat is the group itself, so
   * the bot cannot tell which admin wrote. The user must be an admin (or the creator) of the chat.
   */
  anonymousAdmin?: boolean;
  /** The user writes on behalf of a channel: from is Channel_Bot and sender_chat is the channel. */
  onBehalfOfChannel?: ChannelInput;
}

export interface ClickButtonOptions {
  /** Skips the check that the message shows a button with this callback_data (to emulate a stale client). */
  unchecked?: boolean;
}

export interface WaitForMessageOptions {
  /** Defaults to 5000. */
  timeoutMs?: number;
  /**
   * How many of this chat's sent messages to skip: pass `emulator.sent(chatId).length` taken before the action
   * to wait only for what the action causes. Defaults to 0 (messages already sent match too).
   */
  after?: number;
}

export type MessagePredicate = RegExp | ((message: SentMessage) => boolean);

export interface FailNextOptions {
  /** Defaults to 1. */
  count?: number;
  /** Defaults to 1. */
  retryAfterS?: number;
}

export interface FailNextWithOptions {
  /** Defaults to 1. */
  count?: number;
  /** Only calls into this chat (their chat_id) fail; calls into other chats go through. Defaults to any chat. */
  chatId?: number;
}

/**
 * Telegram's documented send limits, enforced on sendMessage (and on `methods`) when set. A limit left out takes
 * Telegram's value (TELEGRAM_SEND_LIMITS); Infinity turns it off. A call over a limit is answered 429 and does not
 * count toward the windows.
 */
export interface RateLimitOptions {
  /** Messages per second into any one chat; Telegram: 1. */
  perChatPerSecond?: number;
  /** Messages per minute into any one group or supergroup; Telegram: 20. */
  perGroupPerMinute?: number;
  /** Messages per second over all chats; Telegram: 30. */
  globalPerSecond?: number;
  /** The retry_after to answer; defaults to the seconds until the window has room again (at least 1). */
  retryAfterS?: number;
  /** The methods that count as sending; defaults to sendMessage only. */
  methods?: string[];
}

export interface CommandsQuery {
  scope?: BotCommandScope;
  language_code?: string;
}

/** Any update without its id: the emulator numbers updates itself. */
export type UpdateInput = Update extends infer U ? (U extends Update ? Omit<U, 'update_id'> : never) : never;

export type { BotCommand };
