import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../gateway.tokens';
import { messagesFor } from '../i18n/catalogue';
import { InboundLimiter } from './inbound.limiter';
import { RepliesService } from './replies.service';

/** The one "slow down" notice per flood: a reply to the command, or the answer to the button press. */
@Injectable()
export class InboundLimitReplies implements OnModuleInit {
  constructor(
    @Inject(InboundLimiter) private readonly limiter: InboundLimiter,
    @Inject(RepliesService) private readonly replies: RepliesService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.limiter.onLimited((ctx, limitedBy, retryAfterS) => {
      const t = messagesFor(ctx.from?.language_code);
      const text =
        limitedBy === 'chat'
          ? t.slowDownChat({ seconds: retryAfterS })
          : t.slowDownUser({ seconds: retryAfterS });
      this.logger.warn({ chatId: ctx.chat?.id, limitedBy, retryAfterS }, 'inbound limit reached: skipping');
      if (ctx.callbackQuery !== undefined) {
        void ctx
          .answerCbQuery(text)
          .catch((error: unknown) => this.logger.warn({ err: error }, 'answerCallbackQuery failed'));
      } else {
        this.replies.reply(ctx, text);
      }
    });
  }
}
