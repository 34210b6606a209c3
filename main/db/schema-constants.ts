/** PRAGMA application_id of every Optic Bench database: "OBNC" in ASCII (sqlite.org/fileformat.html, offset 68). */
export const APPLICATION_ID = 0x4f424e43;
/** The schema version this build writes and understands (PRAGMA user_version and meta.schema_version). */
export const SCHEMA_VERSION = 3;
