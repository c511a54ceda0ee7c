import { Inject } from '@nestjs/common';
import { Command, Ctx, Update } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import type { Message } from 'telegraf/types';
import { CommandRunner } from '../bot/command.runner';
import { ArtifactsService } from './artifacts.service';

/** The members' artifact commands: shop, buy, inventory, artifact, gift, sell, market, unlist. */
@Update()
export class ArtifactsUpdate {
  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(ArtifactsService) private readonly artifacts: ArtifactsService,
  ) {}

  @Command('shop')
  async onShop(@Ctx() ctx: Context): Promise<void> {
    await this.runner.runAsMember(ctx, (member, _chat, t) => this.artifacts.shop(member, t));
  }

  @Command('buy')
  async onBuy(@Ctx() ctx: Context): Promise<void> {
    await this.runner.runAsMember(ctx, (member, chat, t) => this.artifacts.buy(member, chat, textOf(ctx), t));
  }

  @Command(['inventory', 'inv'])
  async onInventory(@Ctx() ctx: Context): Promise<void> {
    await this.runner.runAsMember(ctx, (member, chat, t) =>
      this.artifacts.inventory(member, chat, textOf(ctx), ctx.botInfo.username, t),
    );
  }

  @Command('artifact')
  async onArtifact(@Ctx() ctx: Context): Promise<void> {
    await this.runner.runAsMember(ctx, (member, _chat, t) => this.artifacts.artifact(member, textOf(ctx), t));
  }

  @Command('gift')
  async onGift(@Ctx() ctx: Context): Promise<void> {
    await this.runner.runAsMember(ctx, (member, chat, t) =>
      this.artifacts.gift(member, chat, textOf(ctx), ctx.botInfo.username, t),
    );
  }

  @Command('sell')
  async onSell(@Ctx() ctx: Context): Promise<void> {
    await this.runner.runAsMember(ctx, (member, chat, t) =>
      this.artifacts.sell(member, chat, textOf(ctx), t),
    );
  }

  @Command('market')
  async onMarket(@Ctx() ctx: Context): Promise<void> {
    await this.runner.runAsMember(ctx, (member, _chat, t) => this.artifacts.market(member, textOf(ctx), t));
  }

  @Command('unlist')
  async onUnlist(@Ctx() ctx: Context): Promise<void> {
    await this.runner.runAsMember(ctx, (member, _chat, t) => this.artifacts.unlist(member, textOf(ctx), t));
  }
}

/** @Command handlers only see text messages. */
export function textOf(ctx: Context): Message.TextMessage {
  return ctx.message as Message.TextMessage;
}
