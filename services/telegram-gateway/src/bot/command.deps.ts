import type { AdminCheckService } from '../admin/admin-check.service';
import type { AdminService } from '../admin/admin.service';
import type { ApiKeysService } from '../api-keys/api-keys.service';
import type { ArtifactAdminService } from '../artifacts/artifact-admin.service';
import type { ArtifactsClient } from '../artifacts/artifacts.client';
import type { ArtifactsService } from '../artifacts/artifacts.service';
import type { TradesService } from '../artifacts/trades.service';
import type { BalanceService } from '../balance/balance.service';
import type { EconomyStatsService } from '../economy/economy-stats.service';
import type { IdentityLinksService } from '../identity-links/identity-links.service';
import type { PaymentsService } from '../payments/payments.service';
import type { RewardsService } from '../rewards/rewards.service';
import type { SettingsService } from '../settings/settings.service';

/** The use cases a command's `run` may call: plain services over the bus, none of them Telegram's. */
export interface CommandDeps {
  admins: AdminCheckService;
  admin: AdminService;
  apiKeys: ApiKeysService;
  artifactAdmin: ArtifactAdminService;
  artifacts: ArtifactsService;
  artifactsClient: ArtifactsClient;
  trades: TradesService;
  balance: BalanceService;
  economy: EconomyStatsService;
  links: IdentityLinksService;
  payments: PaymentsService;
  rewards: RewardsService;
  settings: SettingsService;
}
