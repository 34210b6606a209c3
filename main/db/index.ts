export { openDatabase, openRecords, CONNECTION_PRAGMAS, type Db, type DbLogger, type Clock, type OpenDatabaseOptions, type OpenRecordsOptions } from './open';
export { defaultDatabasePath, userDataDirectory, DATABASE_FILE_NAME, PRODUCT_NAME } from './paths';
export { inspectDatabaseFile, RawSqlite, type FileInspection } from './sqlite-file';
export { APPLICATION_ID, SCHEMA_VERSION } from './schema-constants';
export { MIGRATIONS, KNOWN_MIGRATION_NAMES } from './migrations/index';
export { parseDbTarget, isPostgresUrl, redactUrl, type DbTarget, type Engine, type PostgresTarget } from './target';
