import {
  AccountsCommands,
  DomainError,
  GOVERNED_PARAMETERS,
  LedgerCommands,
  isDomainError,
  ledgerAccountId,
  ledgerParameterValue,
  MEMO_LENGTH_MAX,
  type CommunitySettings,
  type ParameterId,
} from '@ticketonomics/contracts';
import type { CommandClient } from '@ticketonomics/messaging';
import { ledgerChange, ledgerRefusal } from '../parameters/ledger-parameters.rules';

type RewardField = keyof CommunitySettings['rewards'];

/** What an owner holds now for a parameter: its current value, and why a value could not be made from it. */
export interface OwnerReading {
  current: number | null;
  refusal(value: number): DomainError | null;
}

/** One passed proposal's change, as the apply worker hands it over. */
export interface OwnerChange {
  communityId: string;
  proposalId: number;
  parameter: ParameterId;
  value: number;
  /** The member a grant pays; null for a setting. */
  recipientId: string | null;
  title: string;
}

/**
 * The ledger transfer id of a proposal's grant: derived from the proposal, so the grant sent again after a
 * crash is the same one (the ledger answers it with the first transfer) and never a second payment.
 */
export function grantIdOf(communityId: string, proposalId: number): string {
  return `governance:${communityId}:proposal-${proposalId}`;
}

/**
 * Reads and changes governed parameters through their owners' own commands (ledger policy.get/set,
 * balance.get and treasury.grant; accounts settings.get/set): governance never writes another service's
 * data. Settings are set-to-value (emission and distribution by reading the policy and sending the whole
 * object back with the governed part changed), and a grant carries an id derived from its proposal, so
 * sending a change again after a crash changes nothing more.
 */
export class OwnersGateway {
  constructor(private readonly client: CommandClient) {}

  async read(communityId: string, parameter: ParameterId): Promise<OwnerReading> {
    const rules = GOVERNED_PARAMETERS[parameter];
    if (rules.kind === 'grant') {
      const available = await this.treasuryAvailable(communityId);
      return { current: null, refusal: (amount) => fundsRefusal(communityId, available, amount) };
    }
    if (rules.owner === 'ledger') {
      const policy = await this.client.request(LedgerCommands.policyGet, { communityId });
      return {
        current: ledgerParameterValue(policy, parameter),
        refusal: (value) => ledgerRefusal(policy, parameter, value),
      };
    }
    const settings = await this.client.request(AccountsCommands.settingsGet, { communityId });
    return { current: rewardValue(settings.rewards, rules.field as RewardField), refusal: () => null };
  }

  async apply(change: OwnerChange): Promise<void> {
    const { communityId, parameter, value } = change;
    const rules = GOVERNED_PARAMETERS[parameter];
    if (rules.kind === 'grant') {
      await this.client.request(LedgerCommands.treasuryGrant, {
        id: grantIdOf(communityId, change.proposalId),
        communityId,
        toAccountId: ledgerAccountId('user', communityId, requireRecipient(change)),
        amount: value,
        kind: 'grant',
        memo: `Proposal ${change.proposalId}: ${change.title}`.slice(0, MEMO_LENGTH_MAX),
        approvedBy: { proposalId: `proposal-${change.proposalId}` },
      });
      return;
    }
    if (rules.owner === 'ledger') {
      // Read-modify-write: the change is computed from the policy as it is now, and refused (the proposal
      // fails) when an admin's change since made it impossible.
      const policy = await this.client.request(LedgerCommands.policyGet, { communityId });
      await this.client.request(LedgerCommands.policySet, {
        communityId,
        ...ledgerChange(policy, parameter, value),
      });
      return;
    }
    await this.client.request(AccountsCommands.settingsSet, {
      communityId,
      rewards: { [rules.field]: value },
    });
  }

  /** What the treasury can spend now; a community the ledger has no treasury for yet has nothing. */
  private async treasuryAvailable(communityId: string): Promise<number> {
    try {
      const view = await this.client.request(LedgerCommands.balanceGet, {
        accountId: ledgerAccountId('treasury', communityId),
      });
      return view.available;
    } catch (error) {
      if (isDomainError(error) && error.code === 'NOT_FOUND') return 0;
      throw error;
    }
  }
}

function fundsRefusal(communityId: string, available: number, amount: number): DomainError | null {
  if (amount <= available) return null;
  return new DomainError(
    'INSUFFICIENT_FUNDS',
    `the treasury can spend ${available} tickets now; propose a grant of at most that`,
    { field: 'value', accountId: ledgerAccountId('treasury', communityId), available, required: amount },
  );
}

function requireRecipient(change: OwnerChange): string {
  if (change.recipientId === null) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `proposal ${change.proposalId} is a grant without a recipient`,
      {
        field: 'recipientId',
      },
    );
  }
  return change.recipientId;
}

function rewardValue(rewards: CommunitySettings['rewards'], field: RewardField): number | null {
  const value = rewards[field];
  return typeof value === 'number' ? value : null;
}
