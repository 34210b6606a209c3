// The built command line's entry (out/cli/optic-bench.cjs, the package's `optic-bench` bin):
// index.ts loads only the command being run.
import { run } from './index';

run(process.argv.slice(2));
