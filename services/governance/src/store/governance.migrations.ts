import { GovernanceInit1764900000000 } from '../migrations/1764900000000-governance-init';

export const GOVERNANCE_MIGRATIONS = [GovernanceInit1764900000000];
export const GOVERNANCE_DB_FILE = 'governance.sqlite';
