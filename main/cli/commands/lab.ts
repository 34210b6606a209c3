// The lab server's commands (issue 14): `migrate` moves a bench's records into the lab's
// PostgreSQL server (main/services/migrate.ts); `db upgrade` brings the lab's schema to this
// build's, run by the schema's owner (docs/lab.md), since the benches' role may not change it.
import type { Command } from 'commander';
import { BenchError } from '../../errors';
import { isPostgresUrl, openRecords, parseDbTarget } from '../../db/index';
import { migrateBench } from '../../services/migrate';
import { defaultActor } from '../cli-env';

const print = (json: boolean | undefined, value: unknown, text: string) => process.stdout.write(json === true ? JSON.stringify(value, null, 2) + '\n' : text.endsWith('\n') ? text : text + '\n');

function labTarget(url: string, option: string) {
  if (!isPostgresUrl(url)) throw new BenchError('INVALID_INPUT', `${option} takes the lab server as postgres://USER@HOST[:PORT]/DATABASE (password from PGPASSWORD or ~/.pgpass)`, { field: option });
  return parseDbTarget(url);
}

export function registerLab(program: Command): void {
  program
    .command('migrate')
    .description("Copy every record of a bench's database file into the lab server: several benches into one, RMA numbers kept, nothing twice; counts and evidence hashes verified; safe to run again")
    .requiredOption('--from <file>', "the bench's records file (optic-bench.sqlite); it is not changed")
    .requiredOption('--to <url>', 'the lab server: postgres://USER@HOST[:PORT]/DATABASE')
    .option('--actor <who>', 'who moves the records (audit trail in the lab)')
    .option('--json', 'print the report as JSON')
    .action(async (o: { from: string; to: string; actor?: string; json?: boolean }) => {
      const db = await openRecords(labTarget(o.to, '--to'), { applicationName: 'optic-bench migrate' });
      try {
        const r = await migrateBench({ from: o.from, to: db, actor: o.actor ?? defaultActor(), onProgress: (line) => (o.json === true ? process.stderr : process.stdout).write(`${line}\n`) });
        const lines = [
          `${r.source} -> ${r.target}`,
          ...Object.entries(r.tables).map(([t, c]) => `  ${t.padEnd(15)} ${String(c.copied).padStart(8)} copied ${String(c.existing).padStart(8)} already there (of ${c.source})`),
          `${r.verifiedRows} evidence rows checked against the bench's hashes; ${r.links} links added to the lab's chain`,
        ];
        print(o.json, r, lines.join('\n'));
      } finally {
        await db.close();
      }
    });

  const db = program.command('db').description('The lab server itself');
  db.command('upgrade')
    .description("Bring the lab server's schema to this build's and set the benches' grants (run as the schema's owner; docs/lab.md)")
    .requiredOption('--db <url>', 'the lab server as its owner: postgres://OWNER@HOST[:PORT]/DATABASE')
    .option('--json', 'print JSON')
    .action(async (o: { db: string; json?: boolean }) => {
      const target = labTarget(o.db, '--db');
      const messages: string[] = [];
      const opened = await openRecords(target, { migrate: true, applicationName: 'optic-bench db upgrade', logger: { info: (m) => messages.push(m), warn: (m) => messages.push(`warning: ${m}`) } });
      try {
        const [v] = (await opened.dataSource.query(`SELECT value FROM meta WHERE key = 'schema_version'`)) as Array<{ value: string }>;
        print(o.json, { server: opened.path, schemaVersion: Number(v?.value ?? 0), messages }, [...messages, `${opened.path}: schema version ${v?.value ?? '?'}`].join('\n'));
      } finally {
        await opened.close();
      }
    });
}
