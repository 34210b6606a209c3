import type { MigrationInterface } from 'typeorm';
import { InitialSchema1764190000000 } from './1764190000000-initial-schema';

/** Every migration this build knows, in order. A file listing one not here was written by a newer app. */
export const MIGRATIONS: Array<new () => MigrationInterface> = [InitialSchema1764190000000];
export const KNOWN_MIGRATION_NAMES: readonly string[] = MIGRATIONS.map((M) => new M().name ?? M.name);
