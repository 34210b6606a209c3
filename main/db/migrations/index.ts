import type { MigrationInterface } from 'typeorm';
import { InitialSchema1764190000000 } from './1764190000000-initial-schema';
import { DashboardIndexes1764190000001 } from './1764190000001-dashboard-indexes';
import { Verdicts1764200000000 } from './1764200000000-verdicts';

/** Every migration this build knows, in order. A file listing one not here was written by a newer app. */
export const MIGRATIONS: Array<new () => MigrationInterface> = [InitialSchema1764190000000, DashboardIndexes1764190000001, Verdicts1764200000000];
export const KNOWN_MIGRATION_NAMES: readonly string[] = MIGRATIONS.map((M) => new M().name ?? M.name);
