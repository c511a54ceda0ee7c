import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { API_GATEWAY_CONFIG } from '../api-gateway.tokens';
import type { ApiGatewayConfig } from '../config/api-gateway.config';
import { routeNotFound } from '../http/http-error';
import {
  botIdOf,
  loadWalletAssets,
  WALLET_CSP,
  WALLET_PAGE,
  walletPageHtml,
  type WalletAsset,
} from './wallet-page.assets';

const ASSET_MAX_AGE_S = 300;

function send(response: ServerResponse, body: Buffer, contentType: string, cacheControl: string): void {
  response.statusCode = 200;
  response.setHeader('Content-Type', contentType);
  response.setHeader('Cache-Control', cacheControl);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  // The sign-in travels in the URL's fragment, which no Referer carries; no-referrer keeps the query too.
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('Content-Security-Policy', WALLET_CSP);
  response.end(body);
}

/**
 * The wallet Mini App's page (GET /app) and its files. The page holds nothing of a member's: it signs in
 * with the /v1/app/sessions routes and reads and acts through the /v1/app routes.
 */
@Controller('app')
export class WalletPageController {
  private readonly assets: Map<string, WalletAsset>;
  private readonly page: Buffer;

  constructor(@Inject(API_GATEWAY_CONFIG) config: ApiGatewayConfig) {
    this.assets = loadWalletAssets();
    const template = this.assets.get(WALLET_PAGE) as WalletAsset;
    this.page = walletPageHtml(template.body, botIdOf(config.TELEGRAM_BOT_TOKEN));
  }

  @Get()
  wallet(@Res() response: ServerResponse): void {
    // no-store: a new deployment's page reaches members at once, and the page is small.
    send(response, this.page, 'text/html; charset=utf-8', 'no-store');
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() response: ServerResponse): void {
    const asset = this.assets.get(file);
    if (asset === undefined || file === WALLET_PAGE) throw routeNotFound('GET', `/app/assets/${file}`);
    send(response, asset.body, asset.contentType, `public, max-age=${ASSET_MAX_AGE_S}`);
  }
}
