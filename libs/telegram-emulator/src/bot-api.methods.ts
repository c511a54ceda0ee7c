import type {
  BotCommand,
  BotCommandScope,
  InlineKeyboardMarkup,
  LinkPreviewOptions,
  Message,
  MessageEntity,
  ReplyParameters,
} from 'telegraf/types';
import { badRequest, conflict } from './bot-api.errors';
import {
  optionalBoolean,
  optionalInteger,
  optionalJson,
  optionalString,
  requiredChatRef,
  requiredInteger,
  requiredString,
  type RawParams,
} from './bot-api.params';
import { applyParseMode, type FormattedText } from './parse-mode';
import {
  unixSeconds,
  type ChatRecord,
  type EmulatorState,
  type StoredMessage,
} from './telegram-emulator.state';
import type { ReplyMarkup, SentMessage } from './telegram-emulator.types';
import type { UpdateQueue } from './update-queue';
import type { WebhookPusher } from './webhook-pusher';
import { MENU_BUTTON_METHODS, validateWebAppUrl } from './menu-button.methods';
import { WEBHOOK_METHODS } from './webhook.methods';

/** Telegram's limits, enforced so a bot that breaks them fails here as it would in production. */
export const MAX_MESSAGE_TEXT_CHARS = 4096;
export const MAX_CALLBACK_DATA_BYTES = 64;
export const MAX_BOT_COMMANDS = 100;
export const MAX_COMMAND_DESCRIPTION_CHARS = 256;

export interface MethodContext {
  params: RawParams;
  state: EmulatorState;
  updates: UpdateQueue;
  webhook: WebhookPusher;
  nowMs: number;
  /** Aborted when the bot hangs up (matters only for a held getUpdates). */
  signal: AbortSignal;
}

export type MethodHandler = (context: MethodContext) => unknown;

const CHAT_ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);

const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

/** The methods the emulator answers, by their canonical names (Telegram matches names case-insensitively). */
export const BOT_API_METHODS: Record<string, MethodHandler> = {
  getMe: ({ state }) => state.bot,

  getUpdates: ({ params, updates, webhook, signal }) => {
    if (webhook.registration !== undefined) {
      throw conflict(
        "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    return updates.poll({
      offset: optionalInteger(params, 'offset'),
      limit: optionalInteger(params, 'limit'),
      timeoutS: optionalInteger(params, 'timeout'),
      allowedUpdates: optionalJson<string[]>(params, 'allowed_updates'),
      signal,
    });
  },

  ...WEBHOOK_METHODS,

  ...MENU_BUTTON_METHODS,

  setMyCommands: ({ params, state }) => {
    const commands = optionalJson<BotCommand[]>(params, 'commands');
    if (!Array.isArray(commands)) throw badRequest('commands is empty');
    if (commands.length > MAX_BOT_COMMANDS) throw badRequest('BOT_COMMANDS_TOO_MUCH');
    for (const command of commands) {
      if (typeof command.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(command.command)) {
        throw badRequest('BOT_COMMAND_INVALID');
      }
      const description = typeof command.description === 'string' ? command.description : '';
      if (description.length === 0 || description.length > MAX_COMMAND_DESCRIPTION_CHARS) {
        throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
      }
    }
    const key = commandsKey(params);
    if (commands.length === 0) state.commands.delete(key);
    else
      state.commands.set(
        key,
        commands.map(({ command, description }) => ({ command, description })),
      );
    return true;
  },

  getMyCommands: ({ params, state }) => state.commands.get(commandsKey(params)) ?? [],

  deleteMyCommands: ({ params, state }) => {
    state.commands.delete(commandsKey(params));
    return true;
  },

  sendMessage: ({ params, state, nowMs }) => {
    const record = state.chatForBot(requiredChatRef(params));
    state.assertBotCanWrite(record);
    const sourceText = optionalString(params, 'text') ?? '';
    const formatted = formatText(params, sourceText);
    const replyTo = replyTarget(params, state, record);
    const threadId = messageThread(params, record, replyTo);
    const replyMarkup = optionalJson<ReplyMarkup>(params, 'reply_markup');
    if (replyMarkup !== undefined) validateMarkup(replyMarkup, record.chat.type);
    const linkPreview = linkPreviewOptions(params);
    const stored = state.storeMessage(record, true, (messageId) => {
      const message: Record<string, unknown> = {
        message_id: messageId,
        from: state.findUser(state.bot.id),
        chat: record.chat,
        date: unixSeconds(nowMs),
        text: formatted.text,
      };
      if (threadId !== undefined) {
        message.message_thread_id = threadId;
        message.is_topic_message = true;
      }
      if (formatted.entities.length > 0) message.entities = formatted.entities;
      if (replyTo !== undefined) message.reply_to_message = withoutReply(replyTo.message);
      if (linkPreview !== undefined) message.link_preview_options = linkPreview;
      // A Message carries only inline keyboards; reply keyboards live in the user's client.
      if (replyMarkup !== undefined && 'inline_keyboard' in replyMarkup) message.reply_markup = replyMarkup;
      return message as unknown as Message;
    });
    const sent: SentMessage = {
      chatId: record.chat.id,
      messageId: stored.message.message_id,
      text: formatted.text,
      sourceText,
      sentAtMs: nowMs,
      deleted: false,
      edits: [],
      message: stored.message as Message.TextMessage,
    };
    if (formatted.entities.length > 0) sent.entities = formatted.entities;
    const parseMode = optionalString(params, 'parse_mode');
    if (parseMode !== undefined) sent.parse_mode = parseMode;
    if (replyMarkup !== undefined) sent.reply_markup = replyMarkup;
    if (replyTo !== undefined) sent.reply_to_message_id = replyTo.message.message_id;
    if (threadId !== undefined) sent.message_thread_id = threadId;
    if (linkPreview !== undefined) sent.link_preview_options = linkPreview;
    state.sentMessages.push(sent);
    return stored.message;
  },

  editMessageText: ({ params, state, nowMs }) => {
    const { stored, sent } = editableMessage(params, state);
    const sourceText = optionalString(params, 'text') ?? '';
    const formatted = formatText(params, sourceText);
    const replyMarkup = optionalJson<InlineKeyboardMarkup>(params, 'reply_markup');
    if (replyMarkup !== undefined) validateMarkup(replyMarkup, stored.message.chat.type);
    const current = stored.message as Message.TextMessage;
    if (
      current.text === formatted.text &&
      sameJson(current.entities ?? [], formatted.entities) &&
      sameJson(current.reply_markup, replyMarkup)
    ) {
      throw badRequest(NOT_MODIFIED);
    }
    // Like Telegram, an edit without reply_markup removes the inline keyboard.
    const message: Record<string, unknown> = {
      ...current,
      text: formatted.text,
      edit_date: unixSeconds(nowMs),
    };
    delete message.entities;
    delete message.reply_markup;
    if (formatted.entities.length > 0) message.entities = formatted.entities;
    if (replyMarkup !== undefined) message.reply_markup = replyMarkup;
    stored.message = message as unknown as Message;
    if (sent !== undefined) {
      sent.text = formatted.text;
      sent.sourceText = sourceText;
      sent.entities = formatted.entities.length > 0 ? formatted.entities : undefined;
      sent.parse_mode = optionalString(params, 'parse_mode');
      sent.reply_markup = replyMarkup;
      sent.message = stored.message as Message.TextMessage;
      sent.edits.push({
        method: 'editMessageText',
        atMs: nowMs,
        text: formatted.text,
        reply_markup: replyMarkup,
      });
    }
    return stored.message;
  },

  editMessageReplyMarkup: ({ params, state, nowMs }) => {
    const { stored, sent } = editableMessage(params, state);
    const replyMarkup = optionalJson<InlineKeyboardMarkup>(params, 'reply_markup');
    if (replyMarkup !== undefined) validateMarkup(replyMarkup, stored.message.chat.type);
    const current = stored.message as Message.TextMessage;
    if (sameJson(current.reply_markup, replyMarkup)) throw badRequest(NOT_MODIFIED);
    const message: Record<string, unknown> = { ...current, edit_date: unixSeconds(nowMs) };
    delete message.reply_markup;
    if (replyMarkup !== undefined) message.reply_markup = replyMarkup;
    stored.message = message as unknown as Message;
    if (sent !== undefined) {
      sent.reply_markup = replyMarkup;
      sent.message = stored.message as Message.TextMessage;
      sent.edits.push({ method: 'editMessageReplyMarkup', atMs: nowMs, reply_markup: replyMarkup });
    }
    return stored.message;
  },

  deleteMessage: ({ params, state }) => {
    const record = state.chatForBot(requiredChatRef(params));
    const stored = state.findMessage(record, requiredInteger(params, 'message_id'));
    if (stored === undefined) throw badRequest('message to delete not found');
    const botStatus = record.members.get(state.bot.id);
    const botIsAdmin = botStatus === 'administrator' || botStatus === 'creator';
    // In groups the bot may delete others' messages only as an admin; its own and private ones always.
    if (!stored.fromBot && record.chat.type !== 'private' && !botIsAdmin) {
      throw badRequest("message can't be deleted");
    }
    stored.deleted = true;
    const sent = state.sentRecord(record.chat.id, stored.message.message_id);
    if (sent !== undefined) sent.deleted = true;
    return true;
  },

  answerCallbackQuery: ({ params, state, nowMs }) => {
    const callbackQueryId = requiredString(params, 'callback_query_id');
    const query = state.openCallbacks.get(callbackQueryId);
    if (query === undefined) {
      throw badRequest('query is too old and response timeout expired or query ID is invalid');
    }
    state.openCallbacks.delete(callbackQueryId);
    const text = optionalString(params, 'text');
    const showAlert = optionalBoolean(params, 'show_alert');
    const url = optionalString(params, 'url');
    const cacheTime = optionalInteger(params, 'cache_time');
    state.answered.push({
      callbackQueryId,
      atMs: nowMs,
      query,
      ...(text !== undefined ? { text } : {}),
      ...(showAlert !== undefined ? { show_alert: showAlert } : {}),
      ...(url !== undefined ? { url } : {}),
      ...(cacheTime !== undefined ? { cache_time: cacheTime } : {}),
    });
    return true;
  },

  getChatMember: ({ params, state }) => {
    const record = state.chatForBot(requiredChatRef(params));
    return state.chatMember(record, requiredInteger(params, 'user_id'));
  },

  getChatAdministrators: ({ params, state }) => {
    const record = state.chatForBot(requiredChatRef(params));
    if (record.chat.type === 'private') throw badRequest('there are no administrators in the private chat');
    return state.administrators(record);
  },

  getChat: ({ params, state }) => {
    const record = state.chatForBot(requiredChatRef(params));
    // getChat adds fields a message's chat lacks; accent_color_id is required for private chats.
    return record.chat.type === 'private' ? { ...record.chat, accent_color_id: 0 } : { ...record.chat };
  },

  sendChatAction: ({ params, state }) => {
    const record = state.chatForBot(requiredChatRef(params));
    const action = requiredString(params, 'action');
    if (!CHAT_ACTIONS.has(action)) throw badRequest('wrong parameter action in request');
    state.assertBotCanWrite(record);
    return true;
  },

  leaveChat: ({ params, state }) => {
    const record = state.chatForBot(requiredChatRef(params));
    if (record.chat.type === 'private')
      throw badRequest("chat member status can't be changed in private chats");
    record.members.set(state.bot.id, 'left');
    return true;
  },
};

const CANONICAL_NAMES = new Map(Object.keys(BOT_API_METHODS).map((name) => [name.toLowerCase(), name]));

/** The canonical name of a method, matched case-insensitively as Telegram does; undefined for unknown ones. */
export function canonicalMethodName(name: string): string | undefined {
  return CANONICAL_NAMES.get(name.toLowerCase());
}

function formatText(params: RawParams, sourceText: string): FormattedText {
  if (sourceText.length === 0) throw badRequest('message text is empty');
  const parseMode = optionalString(params, 'parse_mode');
  const formatted =
    parseMode === undefined
      ? { text: sourceText, entities: optionalJson<MessageEntity[]>(params, 'entities') ?? [] }
      : applyParseMode(sourceText, parseMode);
  if (formatted.text.trim().length === 0) throw badRequest('message text is empty');
  if (formatted.text.length > MAX_MESSAGE_TEXT_CHARS) throw badRequest('message is too long');
  return formatted;
}

/** reply_parameters (Bot API 7) or the older reply_to_message_id; a missing target is an error unless allowed. */
function replyTarget(params: RawParams, state: EmulatorState, record: ChatRecord): StoredMessage | undefined {
  const replyParameters = optionalJson<ReplyParameters>(params, 'reply_parameters');
  const messageId = replyParameters?.message_id ?? optionalInteger(params, 'reply_to_message_id');
  if (messageId === undefined) return undefined;
  const target = state.findMessage(record, messageId);
  const allowMissing =
    replyParameters?.allow_sending_without_reply ??
    optionalBoolean(params, 'allow_sending_without_reply') ??
    false;
  if (target === undefined && !allowMissing) throw badRequest('message to be replied not found');
  return target;
}

/**
 * The forum topic a message goes to: message_thread_id when given (an unknown topic is refused), else the topic
 * of the message it replies to; none in the General topic or outside forums (where the parameter is ignored).
 */
function messageThread(
  params: RawParams,
  record: ChatRecord,
  replyTo: StoredMessage | undefined,
): number | undefined {
  if (record.chat.type !== 'supergroup' || record.chat.is_forum !== true) return undefined;
  const threadId = optionalInteger(params, 'message_thread_id');
  if (threadId !== undefined) {
    if (!record.topics.has(threadId)) throw badRequest('message thread not found');
    return threadId;
  }
  const target = replyTo?.message;
  return target !== undefined && 'is_topic_message' in target && target.is_topic_message === true
    ? target.message_thread_id
    : undefined;
}

function linkPreviewOptions(params: RawParams): LinkPreviewOptions | undefined {
  const options = optionalJson<LinkPreviewOptions>(params, 'link_preview_options');
  if (options !== undefined) return options;
  return optionalBoolean(params, 'disable_web_page_preview') === true ? { is_disabled: true } : undefined;
}

/** Mini App (web_app) buttons only in private chats, as Telegram has it: groups get t.me links instead. */
function validateMarkup(markup: ReplyMarkup, chatType: string): void {
  if (!('inline_keyboard' in markup)) return;
  if (!Array.isArray(markup.inline_keyboard) || !markup.inline_keyboard.every(Array.isArray)) {
    throw badRequest('can\'t parse inline keyboard: field "inline_keyboard" must be an Array of Arrays');
  }
  for (const button of markup.inline_keyboard.flat()) {
    const fields = button as unknown as Record<string, unknown>;
    if (typeof fields.text !== 'string' || fields.text.length === 0)
      throw badRequest('text buttons are unallowed in the inline keyboard');
    if ('callback_data' in fields) {
      const data = fields.callback_data;
      if (
        typeof data !== 'string' ||
        data.length === 0 ||
        Buffer.byteLength(data, 'utf8') > MAX_CALLBACK_DATA_BYTES
      ) {
        throw badRequest('BUTTON_DATA_INVALID');
      }
    } else if ('web_app' in fields) {
      if (chatType !== 'private') throw badRequest('BUTTON_TYPE_INVALID');
      validateWebAppUrl((fields.web_app as { url?: unknown } | undefined)?.url);
    } else if (Object.keys(fields).length === 1) {
      throw badRequest('text buttons are unallowed in the inline keyboard');
    }
  }
}

/** The bot may edit only its own, undeleted messages; inline messages (inline_message_id) are not emulated. */
function editableMessage(
  params: RawParams,
  state: EmulatorState,
): { stored: StoredMessage; sent: SentMessage | undefined } {
  if (params.inline_message_id !== undefined) throw badRequest('inline messages are not emulated');
  const record = state.chatForBot(requiredChatRef(params));
  const stored = state.findMessage(record, requiredInteger(params, 'message_id'));
  if (stored === undefined) throw badRequest('message to edit not found');
  if (!stored.fromBot) throw badRequest("message can't be edited");
  return { stored, sent: state.sentRecord(record.chat.id, stored.message.message_id) };
}

/** Telegram nests a reply target one level deep only. */
function withoutReply(message: Message): Message {
  const copy: Record<string, unknown> = { ...message };
  delete copy.reply_to_message;
  return copy as unknown as Message;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Commands are stored per scope and language, as Telegram keeps them. */
function commandsKey(params: RawParams): string {
  const scope = optionalJson<BotCommandScope>(params, 'scope') ?? { type: 'default' };
  const chatId = 'chat_id' in scope ? scope.chat_id : '';
  const userId = 'user_id' in scope ? scope.user_id : '';
  return commandsKeyOf(scope.type, chatId, userId, optionalString(params, 'language_code') ?? '');
}

export function commandsKeyOf(
  scopeType: string,
  chatId: number | string = '',
  userId: number | string = '',
  languageCode = '',
): string {
  return [scopeType, chatId, userId, languageCode].join('|');
}
