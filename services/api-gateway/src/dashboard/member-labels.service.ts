import { Inject, Injectable } from '@nestjs/common';
import {
  AccountsCommands,
  ArtifactsCommands,
  parseLedgerAccountId,
  USER_ID_PATTERN,
} from '@ticketonomics/contracts';
import type { CommandClient } from '@ticketonomics/messaging';
import { BoundedCache } from '../shared/bounded.cache';
import type { DashboardLimits } from './dashboard.limits';
import { DASHBOARD_COMMANDS, DASHBOARD_LIMITS } from './dashboard.tokens';

/** How a ledger account is shown: who it is and what kind it is. */
export interface Party {
  accountId: string;
  kind: string;
  memberId: string | null;
  label: string;
}

/** The community's own accounts, in a member's words: issuance is where new tickets come from. */
const SYSTEM_LABELS: Record<string, string> = {
  issuance: 'New tickets',
  treasury: 'Treasury',
  escrow: 'Market',
};
const SHORT_ID_LENGTH = 6;
const OWNER_LABEL_LENGTH_MAX = 24;

/** A member without a known name: a ULID's random tail (its head is a timestamp shared by neighbours). */
export function shortMemberLabel(memberId: string): string {
  if (USER_ID_PATTERN.test(memberId)) return `member …${memberId.slice(-SHORT_ID_LENGTH)}`;
  return memberId.length > OWNER_LABEL_LENGTH_MAX
    ? `${memberId.slice(0, OWNER_LABEL_LENGTH_MAX)}…`
    : memberId;
}

/**
 * Display names of members for the public page, from the accounts service (user.get), cached and
 * bounded. A name that cannot be had quickly becomes a short id: labels are decoration, never a reason
 * for a page to fail.
 */
@Injectable()
export class MemberLabels {
  private readonly names: BoundedCache<string>;
  private readonly typeNames: BoundedCache<string>;

  constructor(
    @Inject(DASHBOARD_COMMANDS) private readonly commands: CommandClient,
    @Inject(DASHBOARD_LIMITS) private readonly limits: DashboardLimits,
  ) {
    this.names = new BoundedCache(limits.labelCacheEntriesMax, limits.labelCacheMs);
    this.typeNames = new BoundedCache(limits.labelCacheEntriesMax, limits.labelCacheMs);
  }

  async memberLabel(memberId: string): Promise<string> {
    const cached = this.names.get(memberId);
    if (cached !== undefined) return cached;
    let label = shortMemberLabel(memberId);
    if (USER_ID_PATTERN.test(memberId)) {
      try {
        const user = await this.commands.request(
          AccountsCommands.userGet,
          { userId: memberId },
          { timeoutMs: this.limits.commandTimeoutMs },
        );
        label = user.displayName;
      } catch {
        // Unknown user or accounts down: the short id is shown, and asked again once the entry expires.
      }
    }
    this.names.set(memberId, label);
    return label;
  }

  async party(accountId: string): Promise<Party> {
    const ref = parseLedgerAccountId(accountId);
    // An id that is no ledger account's (none should reach here) is shown as it is.
    const kind = ref?.kind ?? '';
    const ownerId = ref?.ownerId ?? null;
    if (kind === 'user' && ownerId !== null) {
      return { accountId, kind, memberId: ownerId, label: await this.memberLabel(ownerId) };
    }
    return { accountId, kind, memberId: ownerId, label: SYSTEM_LABELS[kind] ?? accountId };
  }

  /** Labels of many accounts at once, each looked up once. */
  async parties(accountIds: readonly string[]): Promise<Map<string, Party>> {
    const unique = [...new Set(accountIds)];
    const parties = await Promise.all(unique.map((accountId) => this.party(accountId)));
    return new Map(parties.map((party) => [party.accountId, party]));
  }

  async typeLabel(communityId: string, typeId: number): Promise<string> {
    const key = `${communityId}:${typeId}`;
    const cached = this.typeNames.get(key);
    if (cached !== undefined) return cached;
    try {
      const type = await this.commands.request(
        ArtifactsCommands.typeGet,
        { communityId, typeId },
        { timeoutMs: this.limits.commandTimeoutMs },
      );
      const label = type.emoji === null ? type.name : `${type.emoji} ${type.name}`;
      this.typeNames.set(key, label);
      return label;
    } catch {
      return `artifact #${typeId}`;
    }
  }
}
