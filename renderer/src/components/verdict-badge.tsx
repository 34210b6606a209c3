import { useTranslation } from 'react-i18next';

export type BadgeStatus = 'pass' | 'marginal' | 'fail' | 'not-measured' | 'not-applicable';

// Colour is never the only carrier of pass/fail: each status has its own shape and word too.
const ICON: Record<BadgeStatus, string> = {
  pass: '✔',
  marginal: '▲',
  fail: '✖',
  'not-measured': '–',
  'not-applicable': '–',
};

export function VerdictBadge({ status, size = 'normal' }: { status: BadgeStatus; size?: 'normal' | 'large' }) {
  const { t } = useTranslation('common');
  return (
    <span className={`verdict verdict--${status} verdict--${size}`} data-verdict={status}>
      <span aria-hidden="true" className="verdict__icon">{ICON[status]}</span>{' '}
      <span className="verdict__word">{t(`verdict.${status}`)}</span>
    </span>
  );
}
