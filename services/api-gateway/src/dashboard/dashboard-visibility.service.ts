import {
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import {
  AccountsCommands,
  AccountsEvents,
  CloudEventSchema,
  CommunitySettingsSchema,
  foreignEventReason,
  isDomainError,
} from '@ticketonomics/contracts';
import type { CommandClient } from '@ticketonomics/messaging';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { BoundedCache } from '../shared/bounded.cache';
import type { DashboardLimits } from './dashboard.limits';
import { DASHBOARD_COMMANDS, DASHBOARD_LIMITS, DASHBOARD_NATS } from './dashboard.tokens';

interface Visibility {
  public: boolean;
  /** The settings version it was read at (-1: no such community), so a late event never undoes a newer read. */
  version: number;
}

/**
 * The answer for a community whose dashboard is private and for one that does not exist: the same, word
 * for word, so nobody can learn from the dashboard which communities exist.
 */
export function notPublicError(communityId: string): HttpException {
  return new HttpException(
    {
      error: {
        code: 'NOT_FOUND',
        message: `there is no public dashboard for "${communityId}": either no such community exists, or its admins have not made its dashboard public (in the group: /settings dashboard on)`,
        details: { field: 'communityId', in: 'path' },
      },
    },
    HttpStatus.NOT_FOUND,
  );
}

/**
 * Whether a community's dashboard is public, from the accounts service's settings: cached briefly per
 * community, and updated at once from settings.updated events, which also tell listeners (the live feed)
 * that a dashboard went private.
 */
@Injectable()
export class DashboardVisibility implements OnModuleInit, OnModuleDestroy {
  private readonly cache: BoundedCache<Visibility>;
  private readonly inFlight = new Map<string, Promise<Visibility>>();
  private readonly closedListeners = new Set<(communityId: string) => void>();
  private subscription: Subscription | null = null;

  constructor(
    @Inject(DASHBOARD_COMMANDS) private readonly commands: CommandClient,
    @Inject(DASHBOARD_NATS) private readonly connection: NatsConnection,
    @Inject(DASHBOARD_LIMITS) private readonly limits: DashboardLimits,
  ) {
    this.cache = new BoundedCache(limits.visibilityCacheEntriesMax, limits.visibilityCacheMs);
  }

  onModuleInit(): void {
    this.subscription = this.connection.subscribe(AccountsEvents.settingsUpdated.type, {
      callback: (_error, message) => this.heard(message.subject, message.data),
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  /** Called with a community's id when its dashboard stops being public. */
  onClosed(listener: (communityId: string) => void): void {
    this.closedListeners.add(listener);
  }

  /** Resolves when the dashboard is public; throws the same 404 for a private one and an unknown one. */
  async require(communityId: string): Promise<void> {
    if (!(await this.visibility(communityId)).public) throw notPublicError(communityId);
  }

  private visibility(communityId: string): Promise<Visibility> {
    const cached = this.cache.get(communityId);
    if (cached !== undefined) return Promise.resolve(cached);
    const running = this.inFlight.get(communityId);
    if (running !== undefined) return running;
    const reading = this.read(communityId)
      .then((visibility) => {
        this.remember(communityId, visibility);
        return this.cache.get(communityId) ?? visibility;
      })
      .finally(() => this.inFlight.delete(communityId));
    this.inFlight.set(communityId, reading);
    return reading;
  }

  private async read(communityId: string): Promise<Visibility> {
    try {
      const settings = await this.commands.request(
        AccountsCommands.settingsGet,
        { communityId },
        { timeoutMs: this.limits.commandTimeoutMs },
      );
      return { public: settings.dashboard.public, version: settings.version };
    } catch (error) {
      // Accounts not answering is a 503 (toHttpError), never a guess either way.
      if (isDomainError(error) && error.code === 'NOT_FOUND') return { public: false, version: -1 };
      throw error;
    }
  }

  private remember(communityId: string, visibility: Visibility): void {
    const known = this.cache.get(communityId);
    if (known !== undefined && known.version > visibility.version) return;
    this.cache.set(communityId, visibility);
  }

  private heard(subject: string, data: Uint8Array): void {
    let raw: unknown;
    try {
      raw = JSON.parse(new TextDecoder().decode(data));
    } catch {
      return;
    }
    const envelope = CloudEventSchema.safeParse(raw);
    // Only the accounts service's own settings events (permissions make forgery impossible; this is a guard).
    if (!envelope.success || foreignEventReason(subject, envelope.data) !== undefined) return;
    const settings = CommunitySettingsSchema.safeParse(envelope.data.data);
    if (!settings.success) return;
    const { communityId, dashboard, version } = settings.data;
    this.remember(communityId, { public: dashboard.public, version });
    if (!dashboard.public) for (const listener of this.closedListeners) listener(communityId);
  }
}
