import { useTranslation } from 'react-i18next';
import { navigate, useAppStore } from '../../stores/app-store';

/** Every record names who did it; without an operator nothing can be written, so say so up front. */
export function OperatorNotice() {
  const { t } = useTranslation('repairs');
  const operator = useAppStore((s) => s.operator);
  if (operator.trim() !== '') return null;
  return (
    <div className="notice notice--unavailable" role="note" data-testid="operator-missing">
      {t('operatorMissing')}{' '}
      <button type="button" className="link-button" onClick={() => navigate('/settings')}>{t('openSettings')}</button>
    </div>
  );
}
