import { APP_SESSION_ROUTES } from '../app-auth/app-session.routes';
import { ARTIFACT_ADMIN_ROUTES } from '../artifacts/artifacts-admin.routes';
import { ARTIFACT_ROUTES } from '../artifacts/artifacts.routes';
import { EDITION_ROUTES } from '../artifacts/editions.routes';
import { TRADE_ROUTES } from '../artifacts/trades.routes';
import { AUDIT_ROUTES } from '../audit/audit.routes';
import { DASHBOARD_SETTINGS_ROUTES } from '../dashboard-settings/dashboard-settings.routes';
import { LEDGER_ROUTES } from '../ledger/ledger.routes';
import { MEMBER_ROUTES } from '../members/members.routes';
import { REWARD_ROUTES } from '../rewards/rewards.routes';
import { STATS_ROUTES } from '../stats/stats.routes';
import { WALLET_ROUTES } from '../wallet/wallet.routes';
import { WEBHOOK_ROUTES } from '../webhooks/webhooks.routes';
import type { AnyRoute } from './route';

/**
 * The route table of the HTTP API: every route once. The router serves it and the OpenAPI document
 * describes it; a spec checks that the two agree and that no two routes can match the same request.
 */
export const API_ROUTES: readonly AnyRoute[] = [
  ...MEMBER_ROUTES,
  ...LEDGER_ROUTES,
  ...REWARD_ROUTES,
  ...ARTIFACT_ROUTES,
  ...EDITION_ROUTES,
  ...TRADE_ROUTES,
  ...ARTIFACT_ADMIN_ROUTES,
  ...STATS_ROUTES,
  ...WEBHOOK_ROUTES,
  ...AUDIT_ROUTES,
  ...DASHBOARD_SETTINGS_ROUTES,
  ...APP_SESSION_ROUTES,
  ...WALLET_ROUTES,
];
