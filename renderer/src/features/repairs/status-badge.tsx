import { useTranslation } from 'react-i18next';
import type { RepairStatus } from './types';

export function StatusBadge({ status }: { status: RepairStatus }) {
  const { t } = useTranslation('repairs');
  return <span className={`status-badge status-badge--${status}`}>{t(`status.${status}`)}</span>;
}
