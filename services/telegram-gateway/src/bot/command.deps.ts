import { Inject, Injectable } from '@nestjs/common';
import { AdminCheckService } from '../admin/admin-check.service';
import { AdminService } from '../admin/admin.service';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { ArtifactAdminService } from '../artifacts/artifact-admin.service';
import { ArtifactsClient } from '../artifacts/artifacts.client';
import { ArtifactsService } from '../artifacts/artifacts.service';
import { TradesService } from '../artifacts/trades.service';
import { BalanceService } from '../balance/balance.service';
import { EconomyStatsService } from '../economy/economy-stats.service';
import { GovernanceService } from '../governance/governance.service';
import { PoolsService } from '../governance/pools.service';
import { IdentityLinksService } from '../identity-links/identity-links.service';
import { PaymentsService } from '../payments/payments.service';
import { RewardsService } from '../rewards/rewards.service';
import { SettingsService } from '../settings/settings.service';

/** The use cases a command's `run` may call: plain services over the bus, none of them given Telegram's context. */
@Injectable()
export class CommandDeps {
  constructor(
    @Inject(AdminCheckService) readonly admins: AdminCheckService,
    @Inject(AdminService) readonly admin: AdminService,
    @Inject(ApiKeysService) readonly apiKeys: ApiKeysService,
    @Inject(ArtifactAdminService) readonly artifactAdmin: ArtifactAdminService,
    @Inject(ArtifactsService) readonly artifacts: ArtifactsService,
    @Inject(ArtifactsClient) readonly artifactsClient: ArtifactsClient,
    @Inject(TradesService) readonly trades: TradesService,
    @Inject(BalanceService) readonly balance: BalanceService,
    @Inject(EconomyStatsService) readonly economy: EconomyStatsService,
    @Inject(GovernanceService) readonly governance: GovernanceService,
    @Inject(IdentityLinksService) readonly links: IdentityLinksService,
    @Inject(PoolsService) readonly pools: PoolsService,
    @Inject(PaymentsService) readonly payments: PaymentsService,
    @Inject(RewardsService) readonly rewards: RewardsService,
    @Inject(SettingsService) readonly settings: SettingsService,
  ) {}
}
