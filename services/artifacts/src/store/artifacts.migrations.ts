import { ArtifactsInit1764700000000 } from '../migrations/1764700000000-artifacts-init';

export const ARTIFACTS_MIGRATIONS = [ArtifactsInit1764700000000];
export const ARTIFACTS_DB_FILE = 'artifacts.sqlite';
