import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { TELEGRAM_GATEWAY_GOVERNANCE_DURABLE, type CloudEvent } from '@ticketonomics/contracts';
import { DurableConsumer, ensureEventStream } from '@ticketonomics/messaging';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { LOGGER, NATS_CONNECTION } from '../gateway.tokens';
import { messagesFor } from '../i18n/catalogue';
import { OutgoingQueue } from '../outgoing/outgoing.queue';
import { GovernanceService } from './governance.service';
import { GOVERNANCE_EVENTS_FILTER, governanceNewsOf, type GovernanceNews } from './governance-news';
import { PoolsService } from './pools.service';

/** How long to wait before trying again to follow the proposal events. */
const START_RETRY_MS = 5_000;

/**
 * Tells a group how its proposals ended (passed, applied, rejected, vetoed, failed, expired) and its pools
 * (paid out or released): otherwise nobody would know a vote or a deadline ended until someone asked. Every replica reads the one durable, so
 * each outcome is posted by one of them; a redelivery after a crash may post it twice, which is harmless.
 * A post that fails (the bot was removed from the group) is logged and not retried.
 */
@Injectable()
export class GovernanceNewsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumer: DurableConsumer | null = null;
  private starting: Promise<void> = Promise.resolve();
  private retry: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(OutgoingQueue) private readonly queue: OutgoingQueue,
    @Inject(GovernanceService) private readonly governance: GovernanceService,
    @Inject(PoolsService) private readonly pools: PoolsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Started in the background: the bot's commands do not wait for it, nor fail to start when JetStream is
   * away; it is tried again until it runs (or the gateway stops).
   */
  onApplicationBootstrap(): void {
    this.starting = this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.retry !== null) clearTimeout(this.retry);
    await this.starting;
    await this.consumer?.stop();
  }

  private async start(): Promise<void> {
    try {
      await ensureEventStream(this.nc);
      const consumer = new DurableConsumer(this.nc, (event) => this.post(event), this.logger, {
        durable: TELEGRAM_GATEWAY_GOVERNANCE_DURABLE,
        filterSubject: GOVERNANCE_EVENTS_FILTER,
        // News of what ended before the bot followed it would be stale.
        deliverFrom: 'new',
      });
      await consumer.start();
      // The gateway began stopping meanwhile: shutdown awaited this attempt, so it stops what it started.
      if (this.stopped) await consumer.stop();
      else this.consumer = consumer;
    } catch (error) {
      if (this.stopped) return;
      this.logger.warn({ err: error, retryMs: START_RETRY_MS }, 'proposal news not followed yet');
      this.retry = setTimeout(() => {
        this.retry = null;
        this.starting = this.start();
      }, START_RETRY_MS);
    }
  }

  private async post(event: CloudEvent): Promise<void> {
    const news = governanceNewsOf(event);
    if (news === undefined) return;
    const text = await this.text(news);
    await this.queue
      .enqueue({ chatId: news.chatId, chatKind: 'supergroup', text })
      .catch((error: unknown) =>
        this.logger.warn({ chatId: news.chatId, type: event.type, err: error }, 'governance news not posted'),
      );
  }

  /** In the language of whoever began it (a group has none of its own). */
  private async text(news: GovernanceNews): Promise<string> {
    if (news.kind === 'proposal') {
      const { view, languageCode } = await this.governance.news(news.proposal);
      const t = messagesFor(languageCode);
      return `${t.govNews}\n\n${t.govProposal(view)}`;
    }
    const { view, languageCode } = await this.pools.news(news.pool);
    const t = messagesFor(languageCode);
    return `${t.govPoolNews}\n\n${t.govPool(view)}`;
  }
}
