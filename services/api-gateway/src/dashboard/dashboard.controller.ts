import { Controller, Get, Param, Req, Res, UseGuards } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  DASHBOARD_CSP,
  DASHBOARD_TEMPLATES,
  loadDashboardAssets,
  type DashboardAsset,
} from './dashboard.assets';
import { CommunityIdSchema } from '@ticketonomics/contracts';
import { DashboardPages, type RenderedPage } from './dashboard-page.service';
import { DashboardVisibility } from './dashboard-visibility.service';
import { routeNotFound } from '../http/http-error';
import { localeOf } from './dashboard.html';
import { toHttpError } from './dashboard.params';
import { PublicReadRateGuard } from './public-rate.guard';

const ASSET_MAX_AGE_S = 300;

function secureHeaders(response: ServerResponse): void {
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('Content-Security-Policy', DASHBOARD_CSP);
}

function send(response: ServerResponse, status: number, asset: DashboardAsset, cacheControl: string): void {
  response.statusCode = status;
  response.setHeader('Content-Type', asset.contentType);
  response.setHeader('Cache-Control', cacheControl);
  secureHeaders(response);
  response.end(asset.body);
}

/** A page made for this request: never cached, since it holds live figures or a passing refusal. */
function sendPage(response: ServerResponse, page: RenderedPage): void {
  response.statusCode = page.status;
  response.setHeader('Content-Type', 'text/html; charset=utf-8');
  response.setHeader('Cache-Control', 'no-store');
  secureHeaders(response);
  response.end(page.html);
}

/** The public dashboard page of a community and its static files. */
@Controller('dashboard')
@UseGuards(PublicReadRateGuard)
export class DashboardController {
  private readonly assets = loadDashboardAssets();

  constructor(
    private readonly visibility: DashboardVisibility,
    private readonly pages: DashboardPages,
  ) {}

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() response: ServerResponse): void {
    const asset = this.assets.get(file);
    if (asset === undefined || DASHBOARD_TEMPLATES.has(file)) {
      throw routeNotFound('GET', `/dashboard/assets/${file}`);
    }
    send(response, 200, asset, `public, max-age=${ASSET_MAX_AGE_S}`);
  }

  /**
   * A public community's page with its first figures written in; a page saying why for anything else
   * (404 for a private or unknown community alike, 400 for an address that names none, 503 when the
   * services do not answer).
   */
  @Get(':communityId')
  async page(
    @Param('communityId') communityId: string,
    @Req() request: IncomingMessage,
    @Res() response: ServerResponse,
  ): Promise<void> {
    if (!CommunityIdSchema.safeParse(communityId).success) {
      sendPage(response, this.pages.badAddress());
      return;
    }
    try {
      await this.visibility.require(communityId);
    } catch (error) {
      const refusal = toHttpError(error);
      const status = refusal.getStatus();
      const reason =
        (refusal.getResponse() as { error?: { message?: string } }).error?.message ??
        'the dashboard cannot be shown now; retry shortly';
      sendPage(
        response,
        status === 404 ? this.pages.notPublic(communityId) : this.pages.unavailable(status, reason),
      );
      return;
    }
    sendPage(response, await this.pages.dashboard(communityId, localeOf(request.headers['accept-language'])));
  }
}
