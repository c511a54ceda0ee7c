import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { NatsHealth } from '@ticketonomics/messaging';
import { METRICS_REGISTRY, Readiness } from '@ticketonomics/runtime';
import type { NatsConnection } from '@nats-io/transport-node';
import { Counter, Gauge, type Registry } from 'prom-client';
import { BotLauncher } from './bot/bot.launcher';
import { InboundLimiter } from './bot/inbound.limiter';
import { NATS_CONNECTION } from './gateway.tokens';
import { OutgoingQueue } from './outgoing/outgoing.queue';
import { SharedSendBudget } from './outgoing/shared-send.budget';

/** Readiness (NATS up, bot launched) and the gateway's metrics. */
@Injectable()
export class GatewayLifecycle implements OnApplicationBootstrap {
  constructor(
    @Inject(BotLauncher) private readonly launcher: BotLauncher,
    @Inject(OutgoingQueue) private readonly queue: OutgoingQueue,
    @Inject(SharedSendBudget) private readonly budget: SharedSendBudget,
    @Inject(InboundLimiter) private readonly inbound: InboundLimiter,
    @Inject(Readiness) private readonly readiness: Readiness,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
  ) {}

  onApplicationBootstrap(): void {
    const natsHealth = new NatsHealth(this.nc);
    this.readiness.register('nats', () => natsHealth.connected);
    this.readiness.register('telegram', () => this.launcher.ready);
    const { queue, inbound, launcher, budget } = this;
    new Gauge({
      name: 'telegram_poller_leading',
      help: 'Long polling: 1 in the one replica that polls Telegram now (it holds the poller lease), 0 in the others',
      registers: [this.registry],
      collect() {
        this.set(launcher.polling ? 1 : 0);
      },
    });
    new Counter({
      name: 'telegram_webhook_requests_total',
      help: "Webhook mode: requests to this replica's webhook server answered since start, by HTTP status (200 handled, 403 without the secret token, 503 while stopping)",
      labelNames: ['status'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [status, count] of launcher.webhookAnswers) this.inc({ status: String(status) }, count);
      },
    });
    new Counter({
      name: 'telegram_inbound_skipped_total',
      help: 'Commands and button presses skipped over the per-chat or per-sender inbound limits since start',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(inbound.skippedTotal);
      },
    });
    new Gauge({
      name: 'telegram_outgoing_queued',
      help: 'Messages waiting to be sent to Telegram',
      registers: [this.registry],
      collect() {
        this.set(queue.queuedCount);
      },
    });
    new Counter({
      name: 'telegram_send_waited_for_replicas_total',
      help: 'Sends delayed because other replicas of the bot had used the slot (chat, group or bot-wide) since start',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(budget.waitedTotal);
      },
    });
    new Counter({
      name: 'telegram_rate_limited_total',
      help: '429 answers from Telegram since start (each retried after retry_after)',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(queue.rateLimitedTotal);
      },
    });
  }
}
