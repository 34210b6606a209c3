// PostgreSQL twin of schema version 4 (see ../1764300000000-evidence.ts): provenance, PINs, the
// hash chain table and the guards of every evidence table and of the chain.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { linkUnlinkedRows, postgresExec } from '../../evidence-chain';
import { CHAIN_TABLE, EVIDENCE_TABLES } from '../../schema-constants';
import { TEST_RUN_SOURCES_SQL } from '../1764300000000-evidence';
import { TEXT, installAppendOnlyGuardsPg, setSchemaVersionPg } from './helpers';

export class Evidence1764300000000Postgres implements MigrationInterface {
  name = 'Evidence1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE test_run ADD COLUMN source ${TEXT} CHECK (source IS NULL OR source IN (${TEST_RUN_SOURCES_SQL}))`);
    for (const col of ['programmer_kind', 'programmer_port', 'programmer_identity', 'source_file_name', 'source_file_sha256', 'serial_read', 'serial_override_reason', 'serial_override_by']) {
      await q.query(`ALTER TABLE test_run ADD COLUMN ${col} ${TEXT}`);
    }
    // Runs stored before provenance existed (a lab server made by an earlier twin): the guard steps aside for this backfill.
    await q.query('ALTER TABLE test_run DISABLE TRIGGER test_run_no_update');
    await q.query(
      `UPDATE test_run SET source = CASE WHEN programmer LIKE 'Simulated bench%' OR programmer LIKE 'simulated%' THEN 'simulated' WHEN programmer LIKE 'file %' THEN 'file' ELSE 'programmer' END,
         source_file_name = CASE WHEN programmer LIKE 'file %' THEN substr(programmer, 6) END`,
    );
    await q.query('ALTER TABLE test_run ENABLE TRIGGER test_run_no_update');
    await q.query('CREATE INDEX idx_run_source ON test_run (repair_case_id, source)');
    await q.query(`ALTER TABLE technician ADD COLUMN pin_hash ${TEXT}`);
    await q.query(`ALTER TABLE technician ADD COLUMN pin_set_at ${TEXT}`);
    await q.query(`CREATE TABLE ${CHAIN_TABLE} (
      seq integer PRIMARY KEY CHECK (seq > 0),
      table_name ${TEXT} NOT NULL,
      row_key ${TEXT} NOT NULL,
      row_hash ${TEXT} NOT NULL CHECK (length(row_hash) = 64),
      prev_hash ${TEXT} NOT NULL CHECK (length(prev_hash) = 64),
      link_hash ${TEXT} NOT NULL CHECK (length(link_hash) = 64),
      linked_at ${TEXT} NOT NULL,
      UNIQUE (table_name, row_key))`);
    for (const table of [...EVIDENCE_TABLES, CHAIN_TABLE]) {
      const exists: unknown[] = await q.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1`, [table]);
      if (exists.length > 0) await installAppendOnlyGuardsPg(q, table);
    }
    await linkUnlinkedRows(postgresExec((sql, params) => q.query(sql, params)), new Date().toISOString());
    await setSchemaVersionPg(q, 4);
  }

  async down(): Promise<void> {
    throw new Error('Evidence cannot be reverted');
  }
}
