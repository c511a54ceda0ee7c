import { Controller, Get, Param, Res, UseGuards } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { DASHBOARD_CSP, loadDashboardAssets, type DashboardAsset } from './dashboard.assets';
import { CommunityIdSchema } from '@ticketonomics/contracts';
import { DashboardVisibility } from './dashboard-visibility.service';
import { routeNotFound } from '../http/http-error';
import { toHttpError } from './dashboard.params';
import { PublicReadRateGuard } from './public-rate.guard';

const ASSET_MAX_AGE_S = 300;

function send(response: ServerResponse, status: number, asset: DashboardAsset, cacheControl: string): void {
  response.statusCode = status;
  response.setHeader('Content-Type', asset.contentType);
  response.setHeader('Cache-Control', cacheControl);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('Content-Security-Policy', DASHBOARD_CSP);
  response.end(asset.body);
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.statusCode = status;
  response.setHeader('Content-Type', 'text/plain; charset=utf-8');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.end(text);
}

/** The public dashboard page of a community and its static files. */
@Controller('dashboard')
@UseGuards(PublicReadRateGuard)
export class DashboardController {
  private readonly assets = loadDashboardAssets();

  constructor(private readonly visibility: DashboardVisibility) {}

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() response: ServerResponse): void {
    const asset = this.assets.get(file);
    if (asset === undefined || file === 'dashboard.html')
      throw routeNotFound('GET', `/dashboard/assets/${file}`);
    send(response, 200, asset, `public, max-age=${ASSET_MAX_AGE_S}`);
  }

  /** The same page for every public community: its script reads the id from the address. */
  @Get(':communityId')
  async page(@Param('communityId') communityId: string, @Res() response: ServerResponse): Promise<void> {
    if (!CommunityIdSchema.safeParse(communityId).success) {
      sendText(response, 400, 'A community id is 1-64 characters of A-Z, a-z, 0-9, _ or -.');
      return;
    }
    try {
      await this.visibility.require(communityId);
    } catch (error) {
      const refusal = toHttpError(error);
      const message =
        (refusal.getResponse() as { error?: { message?: string } }).error?.message ??
        'the dashboard cannot be shown now; retry shortly';
      sendText(response, refusal.getStatus(), `${message[0]!.toUpperCase()}${message.slice(1)}.\n`);
      return;
    }
    send(response, 200, this.assets.get('dashboard.html') as DashboardAsset, 'no-cache');
  }
}
