import { Inject, Injectable } from '@nestjs/common';
import type { AnalyticsRebuild, AnalyticsStatus } from '@ticketonomics/contracts';
import type { Logger } from 'pino';
import { CLOCK, LOGGER, REPLICA_ID, type Clock } from '../analytics.tokens';
import { EventProjector } from '../consumer/event.projector';
import { StreamConsumer } from '../consumer/stream.consumer';
import { AnalyticsStores } from '../store/analytics.stores';

/** The replica's progress, and a rebuild of its models from the stream's first event. */
@Injectable()
export class RebuildService {
  private starting: Promise<AnalyticsRebuild> | null = null;

  constructor(
    private readonly stores: AnalyticsStores,
    private readonly consumer: StreamConsumer,
    private readonly projector: EventProjector,
    @Inject(REPLICA_ID) private readonly replicaId: string,
    @Inject(CLOCK) private readonly now: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async status(): Promise<AnalyticsStatus> {
    const { lastSeq } = await this.consumer.streamBounds();
    const position = this.stores.position.get();
    return {
      replicaId: this.replicaId,
      appliedSeq: position.appliedSeq,
      streamLastSeq: lastSeq,
      lag: Math.max(0, lastSeq - position.appliedSeq),
      eventsApplied: position.eventsApplied,
      eventsMalformed: position.eventsMalformed,
      rebuilding: this.rebuilding(),
      rebuildStartedAt:
        position.rebuildStartedMs === null ? null : new Date(position.rebuildStartedMs).toISOString(),
      rebuildTargetSeq: position.rebuildTargetSeq,
    };
  }

  /**
   * Stop following the stream, empty the models and the position in one transaction, and follow the
   * stream again from its first event. A rebuild asked for while one runs returns that one.
   */
  rebuild(): Promise<AnalyticsRebuild> {
    if (this.starting !== null) return this.starting;
    if (this.rebuilding())
      return this.consumer.streamBounds().then((bounds) => this.current(bounds.firstSeq));
    this.starting = this.restart().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  private async restart(): Promise<AnalyticsRebuild> {
    const bounds = await this.consumer.streamBounds();
    await this.consumer.stop();
    this.stores.wipe(this.now(), bounds.lastSeq);
    this.projector.forgetPruning();
    this.logger.info(bounds, 'rebuilding the read models from the stream');
    await this.consumer.start();
    return this.current(bounds.firstSeq);
  }

  private rebuilding(): boolean {
    const { appliedSeq, rebuildTargetSeq } = this.stores.position.get();
    return rebuildTargetSeq !== null && appliedSeq < rebuildTargetSeq;
  }

  private current(fromSeq: number): AnalyticsRebuild {
    const position = this.stores.position.get();
    return {
      replicaId: this.replicaId,
      startedAt: new Date(position.rebuildStartedMs ?? this.now()).toISOString(),
      fromSeq,
      targetSeq: position.rebuildTargetSeq ?? 0,
    };
  }
}
