// The same property suite as statistics-aggregates.test.ts, on PostgreSQL, as a bench's login (issue 14).
import { test } from 'vitest';
import { postgresUnavailableReason, skipPostgres } from '../../support/postgres';
import { useEngine } from './helpers';

if (skipPostgres()) {
  test.skip(`on PostgreSQL: skipped, ${postgresUnavailableReason() ?? ''}`, () => undefined);
} else {
  useEngine('postgres');
  await import('./statistics-aggregates.test');
}
