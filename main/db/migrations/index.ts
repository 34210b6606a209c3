import type { MigrationInterface } from 'typeorm';
import { InitialSchema1764190000000 } from './1764190000000-initial-schema';
import { DashboardIndexes1764190000001 } from './1764190000001-dashboard-indexes';
import { Verdicts1764200000000 } from './1764200000000-verdicts';
import { Evidence1764300000000 } from './1764300000000-evidence';
import { Attachments1764400000000 } from './1764400000000-attachments';
import { Soak1764500000000 } from './1764500000000-soak';

/** Every migration this build knows, in order. A file listing one not here was written by a newer app. */
export const MIGRATIONS: Array<new () => MigrationInterface> = [InitialSchema1764190000000, DashboardIndexes1764190000001, Verdicts1764200000000, Evidence1764300000000, Attachments1764400000000, Soak1764500000000];
export const KNOWN_MIGRATION_NAMES: readonly string[] = MIGRATIONS.map((M) => new M().name ?? M.name);
/** The migration that brings the hash chain: a file that has not run it holds no chain to verify. */
export const CHAIN_MIGRATION_NAME = 'Evidence1764300000000';
