import { useTranslation } from 'react-i18next';
import { formatValue, type Unit } from '../i18n/format';

export function ValueWithUnit({ value, unit, className }: { value: number | null | undefined; unit: Unit; className?: string }) {
  const { i18n } = useTranslation();
  return <span className={`value ${className ?? ''}`}>{formatValue(value, unit, i18n.language)}</span>;
}
