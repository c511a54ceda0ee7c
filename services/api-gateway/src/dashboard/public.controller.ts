import { Controller, Get, Header, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject } from '@nestjs/common';
import { HttpRefusal } from '../http/http-error';
import { rateLimited } from '../rate-limit/rate-limit.refusal';
import type { DashboardLimits } from './dashboard.limits';
import { communityIdParam, limitParam, toHttpError } from './dashboard.params';
import { DASHBOARD_LIMITS } from './dashboard.tokens';
import { DashboardVisibility } from './dashboard-visibility.service';
import { EconomyPanelService } from './economy-panel.service';
import { PublicDataService } from './public-data.service';
import { PublicFeed } from './public-feed.service';
import { clientLimitKey, PublicReadRateGuard, PublicVerifyRateGuard } from './public-rate.guard';

/** Seconds a refused live feed is asked to wait (the page polls meanwhile). */
const FEED_RETRY_AFTER_S = 30;

/**
 * The public, key-less, read-only view of a community's economy that the dashboard page reads. Open to
 * any origin (it is public), limited per client IP, every parameter validated.
 */
@Controller('public/communities')
@UseGuards(PublicReadRateGuard)
export class PublicController {
  constructor(
    private readonly data: PublicDataService,
    private readonly economyPanel: EconomyPanelService,
    private readonly feed: PublicFeed,
    private readonly visibility: DashboardVisibility,
    @Inject(DASHBOARD_LIMITS) private readonly limits: DashboardLimits,
  ) {}

  @Get(':communityId/overview')
  @Header('Cache-Control', 'no-store')
  @Header('Access-Control-Allow-Origin', '*')
  overview(@Param('communityId') communityId: string) {
    const id = communityIdParam(communityId);
    return this.answer(id, () => this.data.overview(id));
  }

  @Get(':communityId/leaderboard')
  @Header('Cache-Control', 'no-store')
  @Header('Access-Control-Allow-Origin', '*')
  leaderboard(@Param('communityId') communityId: string) {
    const id = communityIdParam(communityId);
    return this.answer(id, () => this.data.leaderboard(id));
  }

  @Get(':communityId/volume')
  @Header('Cache-Control', 'no-store')
  @Header('Access-Control-Allow-Origin', '*')
  volume(@Param('communityId') communityId: string) {
    const id = communityIdParam(communityId);
    return this.answer(id, () => this.data.volume(id));
  }

  @Get(':communityId/transactions')
  @Header('Cache-Control', 'no-store')
  @Header('Access-Control-Allow-Origin', '*')
  transactions(@Param('communityId') communityId: string, @Query('limit') limit: unknown) {
    const id = communityIdParam(communityId);
    const count = limitParam(limit, this.limits.transactionsDefault, this.limits.transactionsMax);
    return this.answer(id, () => this.data.transactions(id, count));
  }

  @Get(':communityId/artifacts')
  @Header('Cache-Control', 'no-store')
  @Header('Access-Control-Allow-Origin', '*')
  artifacts(@Param('communityId') communityId: string) {
    const id = communityIdParam(communityId);
    return this.answer(id, () => this.data.artifacts(id));
  }

  /** The schedule, the supply projected under it, and each day's sources and sinks. */
  @Get(':communityId/economy')
  @Header('Cache-Control', 'no-store')
  @Header('Access-Control-Allow-Origin', '*')
  economy(@Param('communityId') communityId: string) {
    const id = communityIdParam(communityId);
    return this.answer(id, () => this.economyPanel.economy(id));
  }

  /** Open proposals, the latest results (vetoes included) and the parameters' history. */
  @Get(':communityId/governance')
  @Header('Cache-Control', 'no-store')
  @Header('Access-Control-Allow-Origin', '*')
  governance(@Param('communityId') communityId: string) {
    const id = communityIdParam(communityId);
    return this.answer(id, () => this.economyPanel.governance(id));
  }

  @Get(':communityId/verify')
  @UseGuards(PublicVerifyRateGuard)
  @Header('Cache-Control', 'no-store')
  @Header('Access-Control-Allow-Origin', '*')
  verify(@Param('communityId') communityId: string) {
    const id = communityIdParam(communityId);
    return this.answer(id, () => this.data.verify(id));
  }

  /** The live feed as Server-Sent Events: transfers and artifact sales of the community, as they happen. */
  @Get(':communityId/events')
  async events(
    @Param('communityId') communityId: string,
    @Req() request: IncomingMessage,
    @Res() response: ServerResponse,
  ): Promise<void> {
    const id = communityIdParam(communityId);
    response.setHeader('Access-Control-Allow-Origin', '*');
    try {
      await this.visibility.require(id);
    } catch (error) {
      // Answered by the gateway's exception filter, in the one error shape.
      throw toHttpError(error);
    }
    // Gone while its community was looked up: attached now, it would hold a feed slot that never closes.
    if (request.socket.destroyed) return;
    const result = await this.feed.attach(id, clientLimitKey(request), response, resumePosition(request));
    if (result === 'attached' || result === 'gone') return;
    if (result === 'too-many') {
      throw new HttpRefusal(
        'OVERLOADED',
        'the live feed is full right now; the page refreshes by itself instead',
        { reason: 'feed_clients' },
        { 'Retry-After': String(FEED_RETRY_AFTER_S) },
      );
    }
    throw rateLimited({
      reason: 'stream_connections',
      message: `too many live feeds open from your address (${this.limits.feedClientsPerIpMax} at most); close some tabs`,
      limit: this.limits.feedClientsPerIpMax,
      windowSeconds: null,
      retryAfterSeconds: FEED_RETRY_AFTER_S,
    });
  }

  /** A read of a public dashboard only: a private or unknown community is the same 404. */
  private async answer<T>(communityId: string, read: () => Promise<T>): Promise<T> {
    try {
      await this.visibility.require(communityId);
      return await read();
    } catch (error) {
      throw toHttpError(error);
    }
  }
}

/**
 * Where a reconnecting feed resumes: the browser's Last-Event-ID (the SSE `id` of the last event it got,
 * a stream position) or `?after=` for clients that cannot set it. Anything else starts from now: a
 * refusal would only stop the browser's EventSource from reconnecting.
 */
function resumePosition(request: IncomingMessage): number | null {
  const header = request.headers['last-event-id'];
  const query = new URL(request.url ?? '/', 'http://feed').searchParams.get('after');
  const given = typeof header === 'string' && header !== '' ? header : query;
  return given !== null && /^(0|[1-9][0-9]{0,15})$/.test(given) ? Number(given) : null;
}
