import { Injectable } from '@nestjs/common';
import { InjectBot } from 'nestjs-telegraf';
import type { Telegraf } from 'telegraf';
import { TtlCache } from '../members/ttl-cache';

/**
 * Whether someone administers a chat, asked from Telegram (getChatMember), so promoting or demoting an
 * admin in Telegram is all it takes; cached briefly so a burst of admin commands costs one call.
 */
const ADMIN_CACHE_TTL_MS = 60_000;
const ADMIN_CACHE_ENTRIES_MAX = 10_000;

@Injectable()
export class AdminCheckService {
  private readonly cache = new TtlCache<boolean>(ADMIN_CACHE_TTL_MS, ADMIN_CACHE_ENTRIES_MAX);

  constructor(@InjectBot() private readonly bot: Telegraf) {}

  async isAdmin(chatId: number, userId: number): Promise<boolean> {
    const key = `${chatId}:${userId}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const member = await this.bot.telegram.getChatMember(chatId, userId);
    const admin = member.status === 'creator' || member.status === 'administrator';
    this.cache.set(key, admin);
    return admin;
  }
}
