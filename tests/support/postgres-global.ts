// vitest globalSetup: names the run's PostgreSQL folder for the test files (which start the
// cluster only if one of them needs it) and stops it at the end of the run.
import os from 'node:os';
import path from 'node:path';
import { stopCluster } from './postgres';

export default function setup(): () => void {
  const root = path.join(os.tmpdir(), `ob-pg-run-${process.pid}`);
  process.env.OPTIC_BENCH_PG_ROOT = root;
  return () => stopCluster(root);
}
