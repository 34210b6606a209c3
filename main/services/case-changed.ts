// The optimistic check's refusal (issue 14), shared by every service that changes a case: a
// second bench's change must never be overwritten silently, whichever service writes it.
import type { RepairCaseRow } from '../db/entities';
import { BenchError } from '../errors';

/** CASE_CHANGED in words a technician acts on: who changed the case, where, when, and "reload". */
export function caseChangedError(row: Pick<RepairCaseRow, 'id' | 'rmaNumber' | 'version' | 'updatedBy' | 'updatedStation' | 'updatedAt'>, expectedVersion: number | null): BenchError {
  const who = row.updatedBy ?? 'someone';
  const where = row.updatedStation !== null && row.updatedStation !== undefined && row.updatedStation !== '' ? ` at ${row.updatedStation}` : '';
  const when = row.updatedAt.slice(11, 16);
  return new BenchError('CASE_CHANGED', `case ${row.rmaNumber} was changed by ${who}${where} at ${when} UTC: reload`, {
    caseId: row.id,
    rmaNumber: row.rmaNumber,
    version: row.version,
    expectedVersion,
    changedBy: row.updatedBy ?? null,
    station: row.updatedStation ?? null,
    at: row.updatedAt,
  });
}
