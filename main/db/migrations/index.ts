import type { MigrationInterface } from 'typeorm';
import { InitialSchema1764190000000 } from './1764190000000-initial-schema';
import { DashboardIndexes1764190000001 } from './1764190000001-dashboard-indexes';
import { Verdicts1764200000000 } from './1764200000000-verdicts';
import { Evidence1764300000000 } from './1764300000000-evidence';
import { Attachments1764400000000 } from './1764400000000-attachments';
import { Soak1764500000000 } from './1764500000000-soak';
import { Lab1764600000000 } from './1764600000000-lab';
import { StatisticsAggregates1764700000000 } from './1764700000000-statistics-aggregates';
import { InitialSchema1764190000000Postgres } from './postgres/1764190000000-initial-schema';
import { DashboardIndexes1764190000001Postgres } from './postgres/1764190000001-dashboard-indexes';
import { Verdicts1764200000000Postgres } from './postgres/1764200000000-verdicts';
import { Evidence1764300000000Postgres } from './postgres/1764300000000-evidence';
import { Attachments1764400000000Postgres } from './postgres/1764400000000-attachments';
import { Soak1764500000000Postgres } from './postgres/1764500000000-soak';
import { Lab1764600000000Postgres } from './postgres/1764600000000-lab';
import { StatisticsAggregates1764700000000Postgres } from './postgres/1764700000000-statistics-aggregates';

type MigrationClass = new () => MigrationInterface;

/**
 * Every migration this build knows, in order, in both forms side by side (issue 14). Adding a
 * migration means adding its SQLite file here and its PostgreSQL twin under postgres/ with the
 * same file name and `name`; tests/unit/db/migration-pairs.test.ts fails for one without a twin.
 */
export const MIGRATION_PAIRS: ReadonlyArray<{ sqlite: MigrationClass; postgres: MigrationClass | null }> = [
  { sqlite: InitialSchema1764190000000, postgres: InitialSchema1764190000000Postgres },
  { sqlite: DashboardIndexes1764190000001, postgres: DashboardIndexes1764190000001Postgres },
  { sqlite: Verdicts1764200000000, postgres: Verdicts1764200000000Postgres },
  { sqlite: Evidence1764300000000, postgres: Evidence1764300000000Postgres },
  { sqlite: Attachments1764400000000, postgres: Attachments1764400000000Postgres },
  { sqlite: Soak1764500000000, postgres: Soak1764500000000Postgres },
  { sqlite: Lab1764600000000, postgres: Lab1764600000000Postgres },
  { sqlite: StatisticsAggregates1764700000000, postgres: StatisticsAggregates1764700000000Postgres },
];

/** Every migration this build knows, in order (SQLite). A file listing one not here was written by a newer app. */
export const MIGRATIONS: MigrationClass[] = MIGRATION_PAIRS.map((p) => p.sqlite);
export const KNOWN_MIGRATION_NAMES: readonly string[] = MIGRATIONS.map((M) => new M().name ?? M.name);
/** The migration that brings the hash chain: a file that has not run it holds no chain to verify. */
export const CHAIN_MIGRATION_NAME = 'Evidence1764300000000';

/** The migrations of one engine. A pair without its PostgreSQL form cannot open a lab server. */
export function migrationsFor(engine: 'sqlite' | 'postgres'): MigrationClass[] {
  if (engine === 'sqlite') return MIGRATIONS;
  const missing = MIGRATION_PAIRS.filter((p) => p.postgres === null).map((p) => new p.sqlite().name ?? p.sqlite.name);
  if (missing.length > 0) throw new Error(`no PostgreSQL form of migration(s) ${missing.join(', ')}: write it under main/db/migrations/postgres/`);
  return MIGRATION_PAIRS.map((p) => p.postgres as MigrationClass);
}
