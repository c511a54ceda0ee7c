import { EditionEntity } from '../editions/edition.entity';
import { ArtifactsInit1764700000000 } from '../migrations/1764700000000-artifacts-init';
import { ProvenanceEntity } from '../provenance/provenance.entity';
import { ArtifactTypeEntity } from '../types/type.entity';

export const ARTIFACTS_ENTITIES = [ArtifactTypeEntity, EditionEntity, ProvenanceEntity];
export const ARTIFACTS_MIGRATIONS = [ArtifactsInit1764700000000];
export const ARTIFACTS_DB_FILE = 'artifacts.sqlite';
