import { defineConfig } from 'vitest/config';

// Three tiers, one runner: unit (pure cores), integration (real SQLite files, real
// pseudo-terminals, child processes) and e2e (real Chromium through the harness).
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at a time: most of the time is waiting (emulated programmers paced like real
    // ones, Chromium, PostgreSQL), so two workers on a 2-core CI machine halve the wall time.
    maxWorkers: 2,
    // A throwaway PostgreSQL cluster for the lab tests, started by the first file that needs it (tests/support/postgres.ts).
    globalSetup: ['tests/support/postgres-global.ts'],
    reporters: ['default'],
  },
});
