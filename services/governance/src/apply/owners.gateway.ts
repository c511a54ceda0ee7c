import {
  AccountsCommands,
  GOVERNED_PARAMETERS,
  LedgerCommands,
  type CommunitySettings,
  type ParameterId,
  type Policy,
} from '@ticketonomics/contracts';
import type { CommandClient } from '@ticketonomics/messaging';

type LedgerField = 'taxBps' | 'transferMin' | 'transferMax' | 'dailySendMax' | 'dailyReceiveMax';
type RewardField = keyof CommunitySettings['rewards'];

/**
 * Reads and sets governed parameters through their owners' own commands (ledger policy.get/set, accounts
 * settings.get/set): governance never writes another service's data. Both sets are set-to-value, so
 * sending one again after a crash changes nothing more (the owner keeps its version when nothing changes).
 * A new owner (emission, a treasury grant) is a new case here and in the whitelist.
 */
export class OwnersGateway {
  constructor(private readonly client: CommandClient) {}

  async current(communityId: string, parameter: ParameterId): Promise<number | null> {
    const rules = GOVERNED_PARAMETERS[parameter];
    if (rules.owner === 'ledger') {
      const policy: Policy = await this.client.request(LedgerCommands.policyGet, { communityId });
      return policy[rules.field as LedgerField];
    }
    const settings = await this.client.request(AccountsCommands.settingsGet, { communityId });
    return rewardValue(settings.rewards, rules.field as RewardField);
  }

  async set(communityId: string, parameter: ParameterId, value: number): Promise<void> {
    const rules = GOVERNED_PARAMETERS[parameter];
    if (rules.owner === 'ledger') {
      await this.client.request(LedgerCommands.policySet, { communityId, [rules.field]: value });
      return;
    }
    await this.client.request(AccountsCommands.settingsSet, {
      communityId,
      rewards: { [rules.field]: value },
    });
  }
}

function rewardValue(rewards: CommunitySettings['rewards'], field: RewardField): number | null {
  const value = rewards[field];
  return typeof value === 'number' ? value : null;
}
