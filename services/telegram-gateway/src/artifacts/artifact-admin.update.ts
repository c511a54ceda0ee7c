import { Inject } from '@nestjs/common';
import { Command, Ctx, Update } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import { CommandRunner } from '../bot/command.runner';
import { ArtifactAdminService } from './artifact-admin.service';
import { textOf } from './artifacts.update';

/** /newartifact (admins; members where the group allows it) and /restock (admins). */
@Update()
export class ArtifactAdminUpdate {
  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(ArtifactAdminService) private readonly admin: ArtifactAdminService,
  ) {}

  @Command('newartifact')
  async onNewArtifact(@Ctx() ctx: Context): Promise<void> {
    await this.runner.runAsMember(ctx, (member, chat, t) => this.admin.create(member, chat, textOf(ctx), t));
  }

  @Command('restock')
  async onRestock(@Ctx() ctx: Context): Promise<void> {
    await this.runner.runAsMember(ctx, (member, chat, t) => this.admin.restock(member, chat, textOf(ctx), t));
  }
}
