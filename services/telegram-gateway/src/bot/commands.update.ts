import { Inject } from '@nestjs/common';
import { Command, Ctx, Update } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import { AdminCheckService } from '../admin/admin-check.service';
import { AdminService } from '../admin/admin.service';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { ArtifactAdminService } from '../artifacts/artifact-admin.service';
import { ArtifactsClient } from '../artifacts/artifacts.client';
import { ArtifactsService } from '../artifacts/artifacts.service';
import { TradesService } from '../artifacts/trades.service';
import { BalanceService } from '../balance/balance.service';
import { EconomyStatsService } from '../economy/economy-stats.service';
import { IdentityLinksService } from '../identity-links/identity-links.service';
import { PaymentsService } from '../payments/payments.service';
import { RewardsService } from '../rewards/rewards.service';
import { SettingsService } from '../settings/settings.service';
import type { CommandDeps } from './command.deps';
import { CommandRunner } from './command.runner';
import { COMMAND_NAMES, commandNamed } from './commands.table';

/**
 * The one place the command table meets Telegram: every name and alias in it is one nestjs-telegraf
 * handler, which finds the command by the name Telegram matched and hands it to the runner. Registered
 * before ActivityUpdate, so a command never counts as an ordinary message.
 */
@Update()
export class CommandsUpdate {
  private readonly deps: CommandDeps;

  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(AdminCheckService) admins: AdminCheckService,
    @Inject(AdminService) admin: AdminService,
    @Inject(ApiKeysService) apiKeys: ApiKeysService,
    @Inject(ArtifactAdminService) artifactAdmin: ArtifactAdminService,
    @Inject(ArtifactsService) artifacts: ArtifactsService,
    @Inject(ArtifactsClient) artifactsClient: ArtifactsClient,
    @Inject(TradesService) trades: TradesService,
    @Inject(BalanceService) balance: BalanceService,
    @Inject(EconomyStatsService) economy: EconomyStatsService,
    @Inject(IdentityLinksService) links: IdentityLinksService,
    @Inject(PaymentsService) payments: PaymentsService,
    @Inject(RewardsService) rewards: RewardsService,
    @Inject(SettingsService) settings: SettingsService,
  ) {
    this.deps = {
      admins,
      admin,
      apiKeys,
      artifactAdmin,
      artifacts,
      artifactsClient,
      trades,
      balance,
      economy,
      links,
      payments,
      rewards,
      settings,
    };
  }

  /** Handlers return nothing: nestjs-telegraf would send a returned value as another reply. */
  @Command([...COMMAND_NAMES])
  async onCommand(@Ctx() ctx: Context & { command?: string }): Promise<void> {
    const command = commandNamed(ctx.command ?? '');
    if (command !== undefined) await this.runner.runCommand(ctx, command, this.deps);
  }
}
