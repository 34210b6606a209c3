// The same suite as append-only.test.ts, on PostgreSQL (issue 14: the database tests run on both engines).
import { test } from 'vitest';
import { postgresUnavailableReason, skipPostgres } from '../../support/postgres';
import { useEngine } from './helpers';

if (skipPostgres()) {
  test.skip(`on PostgreSQL: skipped, ${postgresUnavailableReason() ?? ''}`, () => undefined);
} else {
  useEngine('postgres');
  await import('./append-only.test');
}
