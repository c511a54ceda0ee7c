import { Inject } from '@nestjs/common';
import { Ctx, On, Update } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import { AdminCheckService } from './admin-check.service';

/**
 * chat_member updates (requested through ALLOWED_UPDATES; Telegram sends them where the bot is an admin):
 * a demoted admin loses admin commands with the next update, not when the admin cache expires.
 */
@Update()
export class AdminChangesUpdate {
  constructor(@Inject(AdminCheckService) private readonly admins: AdminCheckService) {}

  @On('chat_member')
  onChatMember(@Ctx() ctx: Context): void {
    const change = ctx.chatMember;
    if (change === undefined) return;
    this.admins.statusChanged(change.chat.id, change.new_chat_member.user.id, change.new_chat_member.status);
  }
}
