import { API_GATEWAY_LIMITS_BUCKET } from '@ticketonomics/contracts';
import { SharedLimitsBucket } from '@ticketonomics/messaging';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { ApiGatewayConfig } from '../config/api-gateway.config';

/**
 * The longest window counted in the bucket (failed authentications and the dashboard's reads count per
 * minute); the bucket's max age is twice it, so a window's key outlives the window and connection leases
 * (SHARED_LIMITS_LEASE_MS, at most a minute) are renewed well within it.
 */
export const SHARED_LIMITS_WINDOW_MAX_MS = 60_000;

/**
 * The bucket every gateway replica counts its shared limits in (tk_limits_api_gateway): failed
 * authentications and dashboard requests per address, event streams per API key, live feeds per address.
 * Opened lazily; while it is out of reach each replica counts alone (SharedLimitsBucket).
 */
export function apiGatewayLimitsBucket(
  connection: NatsConnection,
  config: ApiGatewayConfig,
  logger: Logger,
): SharedLimitsBucket {
  return new SharedLimitsBucket(
    connection,
    {
      bucket: API_GATEWAY_LIMITS_BUCKET,
      replicas: config.NATS_REPLICAS,
      ttlMs: 2 * SHARED_LIMITS_WINDOW_MAX_MS,
      timeoutMs: config.RATE_LIMIT_KV_TIMEOUT_MS,
    },
    logger,
  );
}
