import { GovernanceInit1764900000000 } from '../migrations/1764900000000-governance-init';
import { GovernanceGrants1765000000000 } from '../migrations/1765000000000-governance-grants';
import { GovernancePools1765100000000 } from '../migrations/1765100000000-governance-pools';

export const GOVERNANCE_MIGRATIONS = [
  GovernanceInit1764900000000,
  GovernanceGrants1765000000000,
  GovernancePools1765100000000,
];
export const GOVERNANCE_DB_FILE = 'governance.sqlite';
