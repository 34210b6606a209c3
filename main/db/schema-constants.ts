/** PRAGMA application_id of every Optic Bench database: "OBNC" in ASCII (sqlite.org/fileformat.html, offset 68). */
export const APPLICATION_ID = 0x4f424e43;
/** The schema version this build writes and understands (PRAGMA user_version and meta.schema_version). */
export const SCHEMA_VERSION = 8;

/**
 * The evidence tables: append-only (triggers refuse UPDATE, DELETE and INSERT OR REPLACE) and
 * hash-chained (every row has one link in evidence_link carrying its predecessor's hash). A new
 * evidence table (external tests, soak runs) joins by being named here: the chain writer, the
 * verifier, the evidence migration's guards and restore's checks all read this list. The table
 * must have a primary key (its values name the row in the chain; rowids change under VACUUM).
 */
export const EVIDENCE_TABLES: readonly string[] = ['test_run', 'audit_event', 'status_change', 'limit_profile', 'external_test', 'test_run_attachment', 'soak_run'];

/** The chain itself: append-only too, but not chained (it is the chain). */
export const CHAIN_TABLE = 'evidence_link';
