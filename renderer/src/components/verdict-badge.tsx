import { useTranslation } from 'react-i18next';
import type { IntegrityStatus, OverallVerdict, VerdictStatus } from '../../../preload/contract/limits';

export type BadgeStatus = VerdictStatus | OverallVerdict | IntegrityStatus;

// Colour is never the only carrier of pass/fail: each status has its own shape and word too (the
// same shapes the printed reports use).
const ICON: Record<BadgeStatus, string> = {
  pass: '✔',
  marginal: '▲',
  fail: '✖',
  'not-measured': '○',
  'not-applicable': '–',
  incomplete: '◐',
  unconfirmed: '?',
  finding: '※',
};

/**
 * A status as symbol and word. `kind` picks the word list: a parameter verdict, the overall
 * verdict, or an integrity check (where a failed check is a FAULT and a finding is not one).
 */
export function VerdictBadge({ status, kind = 'parameter', size = 'normal' }: { status: BadgeStatus; kind?: 'parameter' | 'overall' | 'integrity'; size?: 'normal' | 'large' }) {
  const { t } = useTranslation('verdict');
  const list = kind === 'overall' ? 'overall' : kind === 'integrity' ? 'integrityStatus' : 'status';
  return (
    <span className={`verdict verdict--${status} verdict--${size}`} data-verdict={status}>
      <span aria-hidden="true" className="verdict__icon">{ICON[status]}</span>{' '}
      <span className="verdict__word">{t(`verdict:${list}.${status}`)}</span>
    </span>
  );
}
