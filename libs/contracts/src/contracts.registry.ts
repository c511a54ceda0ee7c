import { AccountsCommands } from './accounts/accounts.commands';
import { AccountsEvents } from './accounts/accounts.events';
import { AccountsIntegrationCommands } from './accounts/accounts.integrations';
import { IntegrationEvents } from './accounts/integrations.events';
import { AnalyticsCommands } from './analytics/analytics.commands';
import { ArtifactsCommands } from './artifacts/artifacts.commands';
import { ArtifactsEvents } from './artifacts/artifacts.events';
import type { CommandSpec, EventSpec } from './command';
import { GovernanceCommands } from './governance/governance.commands';
import { GovernanceEvents } from './governance/governance.events';
import { PoolCommands } from './governance/pools.commands';
import { PoolEvents } from './governance/pools.events';
import { LedgerCommands } from './ledger/ledger.commands';
import { LedgerEvents } from './ledger/ledger.events';

function bySubject(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every command of the wire format, sorted by subject. docs/asyncapi.yaml is generated from this list. */
export const ALL_COMMANDS: CommandSpec[] = [
  ...Object.values(LedgerCommands),
  ...Object.values(AccountsCommands),
  ...Object.values(AccountsIntegrationCommands),
  ...Object.values(ArtifactsCommands),
  ...Object.values(AnalyticsCommands),
  ...Object.values(GovernanceCommands),
  ...Object.values(PoolCommands),
].sort((a, b) => bySubject(a.subject, b.subject));

/** Every event type of the wire format, sorted by type (= its JetStream subject). Analytics publishes none. */
export const ALL_EVENTS: EventSpec[] = [
  ...Object.values(LedgerEvents),
  ...Object.values(AccountsEvents),
  ...Object.values(IntegrationEvents),
  ...Object.values(ArtifactsEvents),
  ...Object.values(GovernanceEvents),
  ...Object.values(PoolEvents),
].sort((a, b) => bySubject(a.type, b.type));
