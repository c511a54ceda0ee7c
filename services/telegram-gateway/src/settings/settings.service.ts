import { Inject, Injectable } from '@nestjs/common';
import { AccountsCommands, BARRED_USERS_MAX, isDomainError, LedgerCommands } from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import type { Message } from 'telegraf/types';
import { AdminCheckService } from '../admin/admin-check.service';
import { USAGE } from '../bot/bot-commands';
import { userError } from '../errors/user-facing.error';
import type { Messages } from '../i18n/messages.en';
import type { GroupChat, Member } from '../members/member';
import { TargetResolver } from '../members/target.resolver';
import { commandArgs, parseTarget } from '../parsing/command-args.parser';
import { RewardSettingsCache } from './reward-settings.cache';
import { formatTaxPercent, parseSettingChange, REWARD_KEYS } from './setting-value.parser';

/**
 * /settings for a chat's admins: the tax rate lives in the ledger's policy, the reward rules in the
 * accounts service; the gateway keeps neither.
 */
@Injectable()
export class SettingsService {
  constructor(
    @Inject(CommandClient) private readonly client: CommandClient,
    @Inject(AdminCheckService) private readonly admins: AdminCheckService,
    @Inject(TargetResolver) private readonly targets: TargetResolver,
    @Inject(RewardSettingsCache) private readonly cache: RewardSettingsCache,
  ) {}

  async handle(
    admin: Member,
    chat: GroupChat,
    message: Message.TextMessage,
    bot: string,
    t: Messages,
  ): Promise<string> {
    if (!(await this.admins.isAdmin(chat.id, admin.telegramUserId))) throw userError('notAdmin');
    const args = commandArgs(message.text);
    const [word, ...rest] = args.split(/\s+/).filter((token) => token !== '');
    if (word === undefined) return this.show(admin.communityId, t);
    const lower = word.toLowerCase();
    if (lower === 'bar' || lower === 'unbar') {
      const isReply = message.reply_to_message !== undefined;
      const [target] = parseTarget(rest.join(' '), isReply, USAGE.bar);
      const subject = await this.targets.resolve(chat, message, target, bot);
      try {
        await this.client.request(AccountsCommands.settingsSet, {
          communityId: admin.communityId,
          ...(lower === 'bar' ? { bar: [subject.userId] } : { unbar: [subject.userId] }),
        });
      } catch (error) {
        if (isDomainError(error) && error.code === 'LIMIT_EXCEEDED') {
          throw userError('barListFull', { max: BARRED_USERS_MAX });
        }
        throw error;
      }
      this.cache.forget(admin.communityId);
      return lower === 'bar' ? t.barDone({ who: subject.label }) : t.unbarDone({ who: subject.label });
    }
    if (rest.length > 1) throw userError('settingsUsage');
    const change = parseSettingChange(word, rest[0]);
    if (change.kind === 'tax') {
      const policy = await this.client.request(LedgerCommands.policySet, {
        communityId: admin.communityId,
        taxBps: change.taxBps,
      });
      return t.settingsSet({ key: 'tax', value: formatTaxPercent(policy.taxBps) });
    }
    const settings = await this.client.request(AccountsCommands.settingsSet, {
      communityId: admin.communityId,
      rewards: { [change.key]: change.value },
    });
    this.cache.forget(admin.communityId);
    return t.settingsSet({ key: change.key, value: valueText(settings.rewards[change.key], t) });
  }

  private async show(communityId: string, t: Messages): Promise<string> {
    const [policy, settings] = await Promise.all([
      this.client.request(LedgerCommands.policyGet, { communityId }),
      this.client.request(AccountsCommands.settingsGet, { communityId }),
    ]);
    const lines = [
      `tax: ${formatTaxPercent(policy.taxBps)}`,
      ...REWARD_KEYS.map((key) => `${key}: ${valueText(settings.rewards[key], t)}`),
      t.settingsBarred({ count: settings.rewards.barredUserIds.length }),
    ];
    return [t.settingsHeader, ...lines, t.settingsFooter].join('\n');
  }
}

function valueText(value: number | null, t: Messages): string {
  return value === null ? t.settingsOff : String(value);
}
