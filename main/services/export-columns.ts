// The columns of the case and test-run exports: one list per export, in file order. The names are
// the CSV header and the JSON row keys alike; README "## Exports" documents them. They are a
// public format (spreadsheets and scripts read them), so a column is only ever added at the end.
import type { Evaluation } from '../../preload/contract/limits';

export type CellValue = string | number | boolean | null;
export type ExportRow = Record<string, CellValue>;

export const CASE_COLUMNS = [
  'rma_number',
  'status',
  'customer',
  'module_serial',
  'part_number',
  'vendor',
  'notified_at',
  'notified_on',
  'notification_channel',
  'notified_by',
  'complaint',
  'technician_code',
  'technician',
  'cause',
  'decision',
  'rule_id',
  'rule',
  'warranty_age_days',
  'age_estimated',
  'warranty_basis_date',
  'decided_at',
  'decided_by',
  'evidence_test_run_id',
  'failure_mode',
  'action_taken',
  'replacement_serial',
  'test_run_count',
  'last_verdict',
  'last_tested_at',
  'created_at',
  'updated_at',
  'first_response_at',
  'closed_at',
  'first_response_s',
  'closure_s',
] as const;
export type CaseColumn = (typeof CASE_COLUMNS)[number];

export const TEST_RUN_COLUMNS = [
  'id',
  'case_rma',
  'module_serial',
  'vendor',
  'part_number',
  'role',
  'taken_at',
  'recorded_at',
  'station',
  'operator',
  'programmer',
  'app_version',
  'limit_profile_id',
  'limit_profile_version',
  'overall_verdict',
  'within_spec',
  'failing_parameters',
  'marginal_parameters',
  'corrects_id',
  'correction_reason',
  'corrected_by_id',
  // Where the read came from (issue 16): only programmer reads are evidence.
  'kind',
  'source',
  'programmer_kind',
  'programmer_port',
  'programmer_identity',
  'source_file_name',
  'source_file_sha256',
  'serial_read',
  'serial_override_reason',
  'serial_override_by',
  'sha256',
  'raw_hex',
] as const;
export type TestRunColumn = (typeof TEST_RUN_COLUMNS)[number];

/**
 * The current (not superseded by a correction) runs of a case, as the view case_test_run defines
 * the runs of a case (legacy links and attachments, less withdrawals): how many, and the verdict
 * of the newest. One correlated subquery each, served by idx_run_case and idx_attachment_case.
 */
const CASE_RUNS = 'case_test_run l JOIN test_run r ON r.id = l.test_run_id';
const CURRENT_RUN = 'l.repair_case_id = c.id AND NOT EXISTS (SELECT 1 FROM test_run x WHERE x.corrects_id = r.id)';

export const CASE_EXPORT_SELECT = `SELECT c.id AS id, c.rma_number AS rma_number, c.status AS status, cu.name AS customer, c.module_serial AS module_serial,
    c.part_number AS part_number, m.vendor AS vendor, c.notified_at AS notified_at, c.notified_on AS notified_on,
    c.notification_channel AS notification_channel, c.notified_by AS notified_by, c.complaint_text AS complaint,
    t.code AS technician_code, t.name AS technician, c.cause AS cause, c.decision AS decision, c.decision_rule_id AS rule_id,
    c.decision_rule AS rule, c.decision_age_days AS warranty_age_days, c.decision_estimated AS age_estimated,
    c.decision_basis_date AS warranty_basis_date, c.decided_at AS decided_at, c.decided_by AS decided_by,
    c.evidence_test_run_id AS evidence_test_run_id, c.failure_mode AS failure_mode, c.action_taken AS action_taken,
    c.replacement_serial AS replacement_serial,
    (SELECT count(*) FROM ${CASE_RUNS} WHERE ${CURRENT_RUN}) AS test_run_count,
    (SELECT r.overall_verdict FROM ${CASE_RUNS} WHERE ${CURRENT_RUN} ORDER BY r.taken_at DESC, r.id DESC LIMIT 1) AS last_verdict,
    (SELECT r.taken_at FROM ${CASE_RUNS} WHERE ${CURRENT_RUN} ORDER BY r.taken_at DESC, r.id DESC LIMIT 1) AS last_tested_at,
    c.created_at AS created_at, c.updated_at AS updated_at, c.first_response_at AS first_response_at, c.closed_at AS closed_at,
    c.response_s AS first_response_s, c.closure_s AS closure_s
  FROM repair_case c JOIN customer cu ON cu.id = c.customer_id LEFT JOIN technician t ON t.id = c.technician_id
  LEFT JOIN module m ON m.serial = c.module_serial`;

/** A raw case-export row (SQLite types) as the export row: flags as booleans, the rest as stored. */
export function toCaseExportRow(r: Record<string, unknown>): ExportRow {
  const row: ExportRow = {};
  for (const col of CASE_COLUMNS) {
    const v = r[col];
    row[col] = v === undefined || v === null ? null : typeof v === 'number' || typeof v === 'string' ? v : String(v);
  }
  row.age_estimated = r.age_estimated === null || r.age_estimated === undefined ? null : Number(r.age_estimated) === 1;
  return row;
}

/** "txPowerDbm[2]" for a lane, "temperatureC" for a module-wide value, "integrity:checksumBase" for a check. */
export function parametersWith(evaluation: Evaluation, status: 'fail' | 'marginal'): string {
  const names = evaluation.verdicts.filter((v) => v.status === status).map((v) => (v.lane === null ? v.parameter : `${v.parameter}[${v.lane}]`));
  if (status === 'fail') names.push(...evaluation.integrity.filter((c) => c.status === 'fail').map((c) => `integrity:${c.check}`));
  return names.join('; ');
}
