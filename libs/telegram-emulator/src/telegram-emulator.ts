import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BotCommand, Chat, MenuButton, Message, Update, User, UserFromGetMe } from 'telegraf/types';
import { BodyTooLargeError, readParams } from './bot-api.body';
import { BotApiError, METHOD_NOT_FOUND, NOT_FOUND, tooManyRequests, UNAUTHORIZED } from './bot-api.errors';
import { BOT_API_METHODS, canonicalMethodName, commandsKeyOf } from './bot-api.methods';
import { DEFAULT_MENU_BUTTON_KEY } from './menu-button.methods';
import { requiredChatRef } from './bot-api.params';
import { RateLimiter } from './rate-limiter';
import { ScriptedFailures } from './scripted-failures';
import { EmulatorState, STATE_CHANGED, type EmulatedChat } from './telegram-emulator.state';
import type {
  AnsweredCallback,
  ApiCall,
  ChatInput,
  ClickButtonOptions,
  CommandsQuery,
  FailNextOptions,
  FailNextWithOptions,
  MemberStatus,
  MessagePredicate,
  RateLimitOptions,
  SendTextOptions,
  SentMessage,
  TelegramEmulatorOptions,
  UpdateInput,
  UserInput,
  WaitForMessageOptions,
  WebhookDelivery,
  WebhookRegistration,
} from './telegram-emulator.types';
import { UpdateQueue } from './update-queue';
import { UserActions } from './user-actions';
import { WebhookPusher } from './webhook-pusher';

const DEFAULT_BOT_ID = 7_000_000_001;
const DEFAULT_WAIT_TIMEOUT_MS = 5_000;
/** How long close() lets answers already being written reach the bot before it cuts connections. */
const CLOSE_FLUSH_LIMIT_MS = 1_000;

/**
 * Starts a local Telegram Bot API on 127.0.0.1 (a free port) for end-to-end tests of a telegraf bot:
 * `new Telegraf(emulator.token, { telegram: { apiRoot: emulator.apiRoot } })`.
 */
export async function startTelegramEmulator(
  options: TelegramEmulatorOptions = {},
): Promise<TelegramEmulator> {
  const emulator = new TelegramEmulator(options);
  await emulator.listen();
  return emulator;
}

export class TelegramEmulator {
  readonly token: string;
  private readonly state: EmulatorState;
  // The pusher is made in the constructor; the queue only calls it once updates are pushed.
  private readonly updates = new UpdateQueue(() => this.webhook.wake());
  private readonly webhook: WebhookPusher;
  private readonly limiter = new RateLimiter();
  private readonly scripted = new ScriptedFailures();
  private readonly users: UserActions;
  private readonly server: Server;
  private readonly inFlight = new Set<ServerResponse>();
  private readonly closing = new AbortController();
  private port = 0;
  private readonly host: string;

  constructor(options: TelegramEmulatorOptions = {}) {
    this.host = options.host ?? '127.0.0.1';
    const tokenBotId = Number(options.token?.split(':')[0]);
    const botId =
      options.botId ?? (Number.isSafeInteger(tokenBotId) && tokenBotId > 0 ? tokenBotId : DEFAULT_BOT_ID);
    this.token = options.token ?? `${botId}:emulator-token`;
    const privacyMode = options.privacyMode ?? false;
    const bot: UserFromGetMe = {
      id: botId,
      is_bot: true,
      first_name: options.botFirstName ?? 'Emulator Bot',
      username: options.botUsername ?? 'EmulatorBot',
      can_join_groups: true,
      can_read_all_group_messages: !privacyMode,
      supports_inline_queries: false,
    };
    this.state = new EmulatorState(bot);
    // Many waiters listen at once in busy tests; the default cap of 10 would only print a false leak warning.
    this.state.setMaxListeners(0);
    this.webhook = new WebhookPusher(this.updates, options.webhook ?? {}, () => this.state.changed());
    this.users = new UserActions(this.state, this.updates, privacyMode);
    this.server = createServer((request, response) => void this.handle(request, response));
  }

  /** http://127.0.0.1:PORT, for telegraf's `telegram.apiRoot`. */
  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The port it listens on (for a bot that reaches it under another address than 127.0.0.1). */
  get listeningPort(): number {
    return this.port;
  }

  /** The bot's own user, as getMe answers it. */
  get bot(): UserFromGetMe {
    return this.state.bot;
  }

  async listen(): Promise<void> {
    this.server.listen({ port: 0, host: this.host });
    await once(this.server, 'listening');
    this.port = (this.server.address() as AddressInfo).port;
  }

  // ---- test-side setup ----

  addChat(input: ChatInput): Chat {
    return this.state.addChat(input);
  }

  addUser(input: UserInput): User {
    return this.state.addUser(input);
  }

  /** Sets a user's (or the bot's, by `emulator.bot.id`) status in a chat, as getChatMember will report it. */
  setMember(chatId: number, userId: number, status: MemberStatus): void {
    this.state.setMember(chatId, userId, status);
  }

  // ---- what users do ----

  /** A user writes in a chat; "/cmd" and "/cmd@Bot" get bot_command entities. Returns the message as delivered. */
  sendText(chatId: number, userId: number, text: string, options?: SendTextOptions): Message.TextMessage {
    return this.users.sendText(chatId, userId, text, options);
  }

  newChatMembers(chatId: number, userIds: number[]): Message.NewChatMembersMessage {
    return this.users.newChatMembers(chatId, userIds);
  }

  leftChatMember(chatId: number, userId: number): Message.LeftChatMemberMessage {
    return this.users.leftChatMember(chatId, userId);
  }

  /** A user opens a topic in a forum (addChat with isForum); pass the result's message_id as `threadId`. */
  createForumTopic(chatId: number, userId: number, name: string): Message.ForumTopicCreatedMessage {
    return this.users.createForumTopic(chatId, userId, name);
  }

  /**
   * An admin (`byUserId`) promotes or demotes a member: unlike setMember, the bot hears of it through a
   * chat_member update (my_chat_member for the bot), when its allowed_updates name chat_member.
   */
  changeMember(chatId: number, userId: number, status: MemberStatus, byUserId: number): void {
    this.users.changeMember(chatId, userId, status, byUserId);
  }

  /** A user presses an inline button on a bot message; returns the callback_query id the bot must answer. */
  clickButton(
    chatId: number,
    userId: number,
    messageId: number,
    callbackData: string,
    options?: ClickButtonOptions,
  ): string {
    return this.users.clickButton(chatId, userId, messageId, callbackData, options);
  }

  /** Queues any update as given (the emulator numbers it); no chat state changes. */
  injectUpdate(update: UpdateInput): Update {
    return this.updates.push(update);
  }

  /** Updates the bot has not confirmed yet (or, with a webhook, not yet delivered). */
  pendingUpdateCount(): number {
    return this.updates.pendingCount();
  }

  // ---- the webhook ----

  /** The webhook the bot set, secret included (getWebhookInfo leaves the secret out); undefined when none. */
  webhookRegistration(): WebhookRegistration | undefined {
    return structuredClone(this.webhook.registration);
  }

  /** Every POST of an update to the webhook, in order, failed tries included; copies, safe to keep. */
  webhookDeliveries(): WebhookDelivery[] {
    return structuredClone(this.webhook.deliveries);
  }

  // ---- what the bot did ----

  /** The bot's messages in send order (all chats, or one), with edits applied; copies, safe to keep. */
  sent(chatId?: number): SentMessage[] {
    return structuredClone(
      this.state.sentMessages.filter((sent) => chatId === undefined || sent.chatId === chatId),
    );
  }

  /** Every Bot API call with a valid token, in arrival order (all methods, or one). */
  calls(method?: string): ApiCall[] {
    return structuredClone(
      this.state.apiCalls.filter((call) => method === undefined || call.method === method),
    );
  }

  answeredCallbacks(): AnsweredCallback[] {
    return structuredClone(this.state.answered);
  }

  /** The commands set with setMyCommands for a scope and language (default scope, no language by default). */
  registeredCommands(query: CommandsQuery = {}): BotCommand[] {
    const scope = query.scope ?? { type: 'default' };
    const key = commandsKeyOf(
      scope.type,
      'chat_id' in scope ? scope.chat_id : '',
      'user_id' in scope ? scope.user_id : '',
      query.language_code ?? '',
    );
    return structuredClone(this.state.commands.get(key) ?? []);
  }

  /** The menu button set with setChatMenuButton for a private chat, or the default one without a chat. */
  menuButton(chatId?: number): MenuButton | undefined {
    const key = chatId === undefined ? DEFAULT_MENU_BUTTON_KEY : String(chatId);
    return structuredClone(this.state.menuButtons.get(key));
  }

  /**
   * The first message in the chat (from index `after` on, in send order) that matches, now or once the bot sends
   * or edits it. A RegExp is tested against the text users see.
   */
  waitForMessage(
    chatId: number,
    match: MessagePredicate,
    options: WaitForMessageOptions = {},
  ): Promise<SentMessage> {
    const { timeoutMs = DEFAULT_WAIT_TIMEOUT_MS, after = 0 } = options;
    const matches = (sent: SentMessage): boolean => {
      if (typeof match === 'function') return match(sent);
      match.lastIndex = 0;
      return match.test(sent.text);
    };
    return this.waitUntil(
      () => this.sent(chatId).slice(after).find(matches),
      timeoutMs,
      () => {
        const texts = this.sent(chatId).map((sent, index) => `  [${index}] ${JSON.stringify(sent.text)}`);
        return `a message in chat ${chatId} matching ${String(match)} (after ${after}); sent so far:\n${texts.join('\n')}`;
      },
    );
  }

  /** The first call of a method (from index `after` on among that method's calls), answered or still held. */
  waitForCall(method: string, options: WaitForMessageOptions = {}): Promise<ApiCall> {
    const { timeoutMs = DEFAULT_WAIT_TIMEOUT_MS, after = 0 } = options;
    return this.waitUntil(
      () => this.calls(method).slice(after)[0],
      timeoutMs,
      () => `a ${method} call (after ${after})`,
    );
  }

  // ---- failures ----

  /** The next `count` calls of `method` answer 429 with retry_after `retryAfterS`. */
  failNext(method: string, options?: FailNextOptions): void {
    this.limiter.failNext(canonicalMethodName(method) ?? method, options);
  }

  /**
   * The next `count` calls of `method` (into `chatId` only, when given) answer this Bot API error instead,
   * e.g. `failNextWith('sendMessage', 403, 'Forbidden: bot was blocked by the user', { chatId: 42 })`.
   */
  failNextWith(method: string, errorCode: number, description: string, options?: FailNextWithOptions): void {
    this.scripted.add(canonicalMethodName(method) ?? method, errorCode, description, options);
  }

  /** Enforces Telegram's send limits from now on (null turns them off). */
  setRateLimit(limits: RateLimitOptions | null): void {
    this.limiter.setLimits(
      limits === null
        ? null
        : { ...limits, methods: limits.methods?.map((name) => canonicalMethodName(name) ?? name) },
    );
  }

  /**
   * Stops the server: a held long poll is answered with no updates, webhook pushing stops, waiters are rejected
   * and connections closed, so neither the bot nor jest is left waiting. Stop the bot first, or it will poll a
   * closed port.
   */
  async close(): Promise<void> {
    if (this.closing.signal.aborted) return;
    this.closing.abort(new Error('telegram emulator closed'));
    this.updates.releaseHeld();
    await this.webhook.close();
    const flushDeadlineMs = Date.now() + CLOSE_FLUSH_LIMIT_MS;
    while (this.inFlight.size > 0 && Date.now() < flushDeadlineMs) {
      await new Promise((resolveTick) => setTimeout(resolveTick, 10));
    }
    const closed = new Promise<void>((resolveClose) => this.server.close(() => resolveClose()));
    this.server.closeAllConnections();
    await closed;
  }

  private waitUntil<T>(probe: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> {
    return new Promise((resolveWait, rejectWait) => {
      if (this.closing.signal.aborted) {
        rejectWait(new Error(`telegram emulator closed; not waiting for ${describe()}`));
        return;
      }
      const finish = (): void => {
        clearTimeout(timer);
        this.state.off(STATE_CHANGED, check);
        this.closing.signal.removeEventListener('abort', onClose);
      };
      const check = (): void => {
        const found = probe();
        if (found === undefined) return;
        finish();
        resolveWait(found);
      };
      const onClose = (): void => {
        finish();
        rejectWait(new Error(`telegram emulator closed while waiting for ${describe()}`));
      };
      const timer = setTimeout(() => {
        finish();
        rejectWait(new Error(`timed out after ${timeoutMs} ms waiting for ${describe()}`));
      }, timeoutMs);
      this.state.on(STATE_CHANGED, check);
      this.closing.signal.addEventListener('abort', onClose, { once: true });
      check();
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    this.inFlight.add(response);
    response.on('close', () => this.inFlight.delete(response));
    // Aborted when the bot hangs up before the answer (telegraf aborts its held getUpdates on stop()).
    const hangUp = new AbortController();
    response.on('close', () => {
      if (!response.writableFinished) hangUp.abort();
    });
    const atMs = Date.now();
    let call: ApiCall | undefined;
    try {
      const url = new URL(request.url ?? '/', this.apiRoot);
      const route = /^\/bot([^/]+)\/([^/]*)\/?$/.exec(url.pathname);
      if (route === null) throw NOT_FOUND;
      const params = await readParams(request, url);
      if (route[1] !== this.token) throw UNAUTHORIZED;
      const method = canonicalMethodName(route[2] ?? '');
      const handler = method === undefined ? undefined : BOT_API_METHODS[method];
      if (method === undefined || handler === undefined) throw METHOD_NOT_FOUND;
      call = { method, params, atMs };
      this.state.apiCalls.push(call);
      // Waiters for a held call (the bot's first long poll) need to hear of it before it is answered.
      this.state.changed();
      const retryAfterS = this.limiter.check(method, this.chatOf(params), atMs);
      if (retryAfterS !== undefined) throw tooManyRequests(retryAfterS);
      const scriptedError = this.scripted.take(method, chatIdOf(params));
      if (scriptedError !== undefined) throw scriptedError;
      const result = await handler({
        params,
        state: this.state,
        updates: this.updates,
        webhook: this.webhook,
        nowMs: atMs,
        signal: hangUp.signal,
      });
      this.answer(response, 200, { ok: true, result }, call);
    } catch (error) {
      const apiError =
        error instanceof BotApiError
          ? error
          : error instanceof BodyTooLargeError
            ? new BotApiError(413, 'Request Entity Too Large')
            : new BotApiError(
                500,
                `Internal Server Error: ${error instanceof Error ? error.message : String(error)}`,
              );
      this.answer(response, apiError.errorCode, apiError.toBody(), call);
    }
  }

  private answer(response: ServerResponse, status: number, body: object, call: ApiCall | undefined): void {
    if (call !== undefined) {
      call.httpStatus = status;
      if ('description' in body && typeof body.description === 'string') call.error = body.description;
    }
    if (!response.destroyed && !response.headersSent) {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    }
    this.state.changed();
  }

  /** The chat a call writes to, for the per-chat limits; undefined when it names none (or an unknown one). */
  private chatOf(params: Record<string, unknown>): EmulatedChat | undefined {
    if (params.chat_id === undefined) return undefined;
    try {
      return this.state.chatForBot(requiredChatRef(params)).chat;
    } catch {
      return undefined;
    }
  }
}

/** The numeric chat_id a call names, as sent (a "@username" or none: undefined). */
function chatIdOf(params: Record<string, unknown>): number | undefined {
  const chatId = Number(params.chat_id);
  return params.chat_id === undefined || !Number.isSafeInteger(chatId) ? undefined : chatId;
}
