// Issue 14: every migration exists for both engines. Adding a migration means adding its SQLite
// file and its PostgreSQL twin (main/db/migrations/postgres/, same file name, same `name`) to
// MIGRATION_PAIRS; this test names every migration that lacks its PostgreSQL form, so after a
// merge the lead sees at once what to port.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATION_PAIRS, migrationsFor } from '../../../main/db/migrations/index';

const DIR = path.join(__dirname, '../../../main/db/migrations');
const files = (dir: string): string[] => fs.readdirSync(dir).filter((f) => /^\d{13}-.+\.ts$/.test(f)).sort();

describe('migrations for both engines', () => {
  it('every SQLite migration file has a PostgreSQL twin file of the same name', () => {
    const twins = new Set(files(path.join(DIR, 'postgres')));
    const missing = files(DIR).filter((f) => !twins.has(f));
    expect(missing, `write the PostgreSQL form of: ${missing.join(', ')}`).toEqual([]);
  });

  it('every migration file is registered, in order, with its twin and under the same name', () => {
    const registered = MIGRATION_PAIRS.map((p) => new p.sqlite().name);
    const onDisk = files(DIR).map((f) => f.slice(0, 13));
    expect(registered.map((n) => (n ?? '').slice(-13)), 'every file in main/db/migrations is in MIGRATION_PAIRS, in timestamp order').toEqual(onDisk);
    for (const p of MIGRATION_PAIRS) {
      expect(p.postgres, `${new p.sqlite().name} has no PostgreSQL form in MIGRATION_PAIRS`).not.toBeNull();
      if (p.postgres !== null) expect(new p.postgres().name).toBe(new p.sqlite().name);
    }
  });

  it('a pair without its PostgreSQL form stops a lab server from opening, naming it', () => {
    const pairs = MIGRATION_PAIRS as Array<{ sqlite: unknown; postgres: unknown }>;
    const saved = pairs[pairs.length - 1]?.postgres;
    (pairs[pairs.length - 1] as { postgres: unknown }).postgres = null;
    try {
      expect(() => migrationsFor('postgres')).toThrow(/no PostgreSQL form of migration\(s\) StatisticsAggregates1764700000000/);
    } finally {
      (pairs[pairs.length - 1] as { postgres: unknown }).postgres = saved;
    }
  });
});
