// The lab server (issue 14): Settings -> Lab server, the status bar's outbox line, and the
// changes other benches make. Pure TypeScript plus zod (no electron, no node:*).
import { z } from 'zod';

export const LAB_TLS_MODES = ['off', 'require', 'verify-full'] as const;
export type LabTlsMode = (typeof LAB_TLS_MODES)[number];

/**
 * Where the lab server is. The password never travels with it: the page sends a new one only
 * when it is changed, main keeps it encrypted with the system's secret store (Electron
 * safeStorage) and never sends it back. The lab's CA file is chosen in main's file dialog.
 */
export const LabServerSettingsSchema = z
  .object({
    host: z.string().trim().min(1, 'hostRequired').max(253).regex(/^[A-Za-z0-9.:[\]_-]+$/, 'hostInvalid'),
    port: z.number().int().min(1).max(65535),
    database: z.string().trim().min(1, 'databaseRequired').max(63),
    user: z.string().trim().min(1, 'userRequired').max(63),
    tls: z.enum(LAB_TLS_MODES),
  })
  .strict();
export type LabServerSettings = z.infer<typeof LabServerSettingsSchema>;

export const LabConnectRequestSchema = z
  .object({
    settings: LabServerSettingsSchema,
    /** A new password; absent: keep the one kept (or none: ~/.pgpass, PGPASSWORD). */
    password: z.string().max(200).optional(),
    /** Forget the password kept. */
    clearPassword: z.boolean().optional(),
  })
  .strict();
export type LabConnectRequest = z.infer<typeof LabConnectRequestSchema>;

/** What Settings shows: the saved server (no password), whether a password is kept, the CA file's name. */
export interface LabServerView {
  settings: LabServerSettings | null;
  /** The bench uses the lab server now (false: its own records file). */
  enabled: boolean;
  hasPassword: boolean;
  /** The CA file's base name (chosen in main's dialog), or null. */
  caFileName: string | null;
  /** Whether this computer can keep a password encrypted (Electron safeStorage with a real key store). */
  secretStoreAvailable: boolean;
}

export interface LabRefusedRun {
  runUid: string;
  queuedAt: string;
  moduleSerial: string;
  code: string;
  message: string;
}

export interface LabStatus {
  /** bench: this bench's own SQLite file; lab: the lab's PostgreSQL server. */
  mode: 'bench' | 'lab';
  /** user@host:port/database (no password); null on a bench. */
  server: string | null;
  /** The lab server answered last time it was asked. */
  connected: boolean;
  /** Test runs recorded while the server did not answer, waiting in this bench's outbox. */
  waiting: number;
  /** Runs the server refused when they were sent (e.g. the case was closed meanwhile): kept, listed. */
  refused: LabRefusedRun[];
  /** ISO instant the server last answered. */
  lastContactAt: string | null;
  lastError: string | null;
}

/** A record another bench (or this one) changed on the lab server (PostgreSQL NOTIFY). */
export interface RecordsChangedEvent {
  table: string;
  id: number;
  /** The case it belongs to, when it belongs to one. */
  caseId: number | null;
  op: 'insert' | 'update';
}

export interface LabTestResult {
  ok: true;
  server: string;
  schemaVersion: number;
  /** The server's own version string (SHOW server_version). */
  serverVersion: string;
  tls: boolean;
}

export interface LabChooseCaResult {
  canceled: boolean;
  fileName?: string;
}
