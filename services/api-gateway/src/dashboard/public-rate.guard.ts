import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SharedLimitsBucket } from '@ticketonomics/messaging';
import type { DashboardLimits } from './dashboard.limits';
import { DASHBOARD_LIMITS, DASHBOARD_LIMITS_BUCKET } from './dashboard.tokens';
import { rateLimited, rateLimitHeaders } from '../rate-limit/rate-limit.refusal';
import { addressLimitKey } from '../shared/address-limit.key';
import { IpRateLimiter, type IpRateLimits } from './ip-rate.limiter';

/**
 * What the dashboard's per-address limits count against: the client's address as Express sees it (behind
 * a proxy, per the app's `trust proxy` setting), with an IPv6 /64 as one address.
 */
export function clientLimitKey(request: IncomingMessage): string {
  const ip = (request as IncomingMessage & { ip?: string }).ip;
  return addressLimitKey(ip ?? request.socket.remoteAddress ?? 'unknown');
}

async function limitedBy(
  limiter: IpRateLimiter,
  limits: IpRateLimits,
  context: ExecutionContext,
): Promise<boolean> {
  const http = context.switchToHttp();
  const decision = await limiter.take(clientLimitKey(http.getRequest<IncomingMessage>()));
  const retryAfterSeconds = Math.max(1, Math.ceil(decision.resetMs / 1000));
  if (!decision.allowed) {
    throw rateLimited({
      reason: 'address',
      message: `too many requests from your address (${limits.requestsMax} per ${limits.windowMs / 1000} s); retry in ${retryAfterSeconds} s`,
      limit: limits.requestsMax,
      windowSeconds: limits.windowMs / 1000,
      retryAfterSeconds,
    });
  }
  const headers = rateLimitHeaders({
    limit: limits.requestsMax,
    remaining: decision.remaining,
    resetSeconds: retryAfterSeconds,
  });
  const response = http.getResponse<ServerResponse>();
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  return true;
}

abstract class RateGuard implements CanActivate {
  private readonly limiter: IpRateLimiter;

  protected constructor(
    bucket: SharedLimitsBucket,
    name: string,
    private readonly limits: IpRateLimits,
  ) {
    this.limiter = new IpRateLimiter(bucket, name, limits);
  }

  canActivate(context: ExecutionContext): Promise<boolean> {
    return limitedBy(this.limiter, this.limits, context);
  }
}

/** Every public dashboard request: the page, its assets, the JSON reads and the live feed. */
@Injectable()
export class PublicReadRateGuard extends RateGuard {
  constructor(
    @Inject(DASHBOARD_LIMITS) limits: DashboardLimits,
    @Inject(DASHBOARD_LIMITS_BUCKET) bucket: SharedLimitsBucket,
  ) {
    super(bucket, 'dashboard_reads', limits.readRate);
  }
}

/** journal.verify on top of the read limit: it recomputes the whole journal. */
@Injectable()
export class PublicVerifyRateGuard extends RateGuard {
  constructor(
    @Inject(DASHBOARD_LIMITS) limits: DashboardLimits,
    @Inject(DASHBOARD_LIMITS_BUCKET) bucket: SharedLimitsBucket,
  ) {
    super(bucket, 'dashboard_verify', limits.verifyRate);
  }
}
