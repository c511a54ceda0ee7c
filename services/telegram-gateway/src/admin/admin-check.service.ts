import { Injectable } from '@nestjs/common';
import { InjectBot } from 'nestjs-telegraf';
import type { Telegraf } from 'telegraf';
import type { ChatMember } from 'telegraf/types';
import { TtlCache } from '../members/ttl-cache';

/**
 * Whether someone administers a chat, asked from Telegram (getChatMember), so promoting or demoting an
 * admin in Telegram is all it takes; cached briefly so a burst of admin commands costs one call. Where the
 * bot is an admin, Telegram also sends chat_member updates, which replace the cached answer at once
 * (see AdminChangesUpdate); elsewhere a demotion takes effect when the entry expires.
 */
const ADMIN_CACHE_TTL_MS = 60_000;
const ADMIN_CACHE_ENTRIES_MAX = 10_000;

@Injectable()
export class AdminCheckService {
  private readonly cache = new TtlCache<boolean>(ADMIN_CACHE_TTL_MS, ADMIN_CACHE_ENTRIES_MAX);

  constructor(@InjectBot() private readonly bot: Telegraf) {}

  async isAdmin(chatId: number, userId: number): Promise<boolean> {
    const key = keyOf(chatId, userId);
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const member = await this.bot.telegram.getChatMember(chatId, userId);
    const admin = isAdminStatus(member.status);
    this.cache.set(key, admin);
    return admin;
  }

  /** A member's new status, as a chat_member update tells it: it replaces whatever was cached. */
  statusChanged(chatId: number, userId: number, status: ChatMember['status']): void {
    this.cache.set(keyOf(chatId, userId), isAdminStatus(status));
  }
}

function keyOf(chatId: number, userId: number): string {
  return `${chatId}:${userId}`;
}

function isAdminStatus(status: ChatMember['status']): boolean {
  return status === 'creator' || status === 'administrator';
}
