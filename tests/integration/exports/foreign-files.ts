// Files a technician might pick by mistake when restoring: none of them is an Optic Bench
// database, and each must be refused before the live records are touched.
import fs from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';

export interface ForeignFiles {
  /** A real SQLite database of another program (its own tables, no Optic Bench id). */
  plainSqlite: string;
  /** A text file given a .sqlite name. */
  textAsSqlite: string;
  /** Zero bytes. */
  empty: string;
}

async function exec(file: string, sql: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const db = new sqlite3.Database(file, (err) => {
      if (err) return reject(err);
      db.exec(sql, (e) => db.close((c) => (e ?? c ? reject(e ?? c) : resolve())));
    });
  });
}

export async function makeForeignFiles(dir: string): Promise<ForeignFiles> {
  const plainSqlite = path.join(dir, 'inventory.sqlite');
  await exec(plainSqlite, "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO items (name) VALUES ('spare fibre');");
  const textAsSqlite = path.join(dir, 'notes.sqlite');
  fs.writeFileSync(textAsSqlite, 'Shift notes: bench 2 programmer replaced.\n'.repeat(50));
  const empty = path.join(dir, 'empty.sqlite');
  fs.writeFileSync(empty, '');
  return { plainSqlite, textAsSqlite, empty };
}
