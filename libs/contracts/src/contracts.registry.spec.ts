import { AccountsCommands } from './accounts/accounts.commands';
import { AccountsEvents } from './accounts/accounts.events';
import { AccountsIntegrationCommands } from './accounts/accounts.integrations';
import { IntegrationEvents } from './accounts/integrations.events';
import { AnalyticsCommands } from './analytics/analytics.commands';
import { ArtifactsCommands } from './artifacts/artifacts.commands';
import { ArtifactsEvents } from './artifacts/artifacts.events';
import { ALL_COMMANDS, ALL_EVENTS } from './contracts.registry';
import { GovernanceCommands } from './governance/governance.commands';
import { GovernanceEvents } from './governance/governance.events';
import { PoolCommands } from './governance/pools.commands';
import { PoolEvents } from './governance/pools.events';
import { LedgerCommands } from './ledger/ledger.commands';
import { LedgerEvents } from './ledger/ledger.events';

describe('contracts registry', () => {
  it('lists every ledger, accounts, artifacts, analytics and governance command once, sorted by subject', () => {
    const subjects = ALL_COMMANDS.map((spec) => spec.subject);
    expect(new Set(ALL_COMMANDS)).toEqual(
      new Set([
        ...Object.values(LedgerCommands),
        ...Object.values(AccountsCommands),
        ...Object.values(AccountsIntegrationCommands),
        ...Object.values(ArtifactsCommands),
        ...Object.values(AnalyticsCommands),
        ...Object.values(GovernanceCommands),
        ...Object.values(PoolCommands),
        ...Object.values(PoolCommands),
      ]),
    );
    expect(new Set(subjects).size).toBe(subjects.length);
    expect(subjects).toEqual([...subjects].sort());
  });

  it('lists every ledger, accounts, artifacts and governance event once, sorted by type', () => {
    const types = ALL_EVENTS.map((spec) => spec.type);
    expect(new Set(ALL_EVENTS)).toEqual(
      new Set([
        ...Object.values(LedgerEvents),
        ...Object.values(AccountsEvents),
        ...Object.values(IntegrationEvents),
        ...Object.values(ArtifactsEvents),
        ...Object.values(GovernanceEvents),
        ...Object.values(PoolEvents),
        ...Object.values(PoolEvents),
      ]),
    );
    expect(new Set(types).size).toBe(types.length);
    expect(types).toEqual([...types].sort());
  });
});
