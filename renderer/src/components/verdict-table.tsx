import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { LimitRange, ParameterVerdict } from '../../../preload/contract';
import { formatNumber, unitDigits, unitSymbol } from '../i18n/format';
import { limitSourceWords, parameterName, verdictReason } from '../../../preload/contract/words/index';
import { DataTable } from './data-table';
import { ValueWithUnit } from './value-with-unit';
import { VerdictBadge } from './verdict-badge';

const col = createColumnHelper<ParameterVerdict>();

function LimitText({ limit, unit }: { limit: LimitRange | null; unit: ParameterVerdict['unit'] }) {
  const { t, i18n } = useTranslation('bench');
  if (!limit) return <span className="muted">—</span>;
  const d = unitDigits(unit);
  const fmt = (v: number | null | undefined) => (v === null || v === undefined ? t('verdicts.unbounded') : formatNumber(v, i18n.language, d));
  const hasWarn = (limit.warnMin ?? null) !== null || (limit.warnMax ?? null) !== null;
  return (
    <span className="limit">
      <span>
        {t('verdicts.limitRange', { min: fmt(limit.min), max: fmt(limit.max) })} {unitSymbol(unit)}
      </span>
      {hasWarn ? (
        <span className="limit__warn muted"> · {t('verdicts.warnRange', { min: fmt(limit.warnMin), max: fmt(limit.warnMax) })}</span>
      ) : null}
    </span>
  );
}

/** Parameter, lane, value with unit, limits with their source, verdict with the reason. */
export function VerdictTable({ verdicts, caption }: { verdicts: ParameterVerdict[]; caption?: string }) {
  const { t, i18n } = useTranslation(['bench', 'reasons', 'verdict']);
  const columns = useMemo(
    () => [
      col.accessor('parameter', { header: () => t('verdicts.parameter'), cell: (c) => parameterName(t, c.getValue()) }),
      col.accessor('lane', { header: () => t('verdicts.lane'), cell: (c) => c.getValue() ?? t('verdicts.allLanes') }),
      col.accessor('value', {
        header: () => t('verdicts.value'),
        cell: (c) => <ValueWithUnit value={c.getValue()} unit={c.row.original.unit} />,
      }),
      col.accessor('limit', {
        header: () => t('verdicts.limits'),
        cell: (c) => <LimitText limit={c.getValue()} unit={c.row.original.unit} />,
      }),
      col.accessor('limitSource', { header: () => t('verdicts.source'), cell: (c) => <span className="muted">{limitSourceWords(t, c.getValue())}</span> }),
      col.accessor('status', { header: () => t('verdicts.status'), cell: (c) => <VerdictBadge status={c.getValue()} /> }),
      col.accessor('reason', { header: () => t('verdicts.reason'), cell: (c) => verdictReason(t, i18n.language, c.row.original) }),
    ],
    // Headers and cells read the language through t; rebuild when it changes.
    [t, i18n.language],
  );
  return (
    <DataTable
      className="verdict-table"
      columns={columns}
      data={verdicts}
      caption={caption}
      getRowClassName={(row) => `row--${row.original.status}`}
      getRowProps={(row) => ({ 'data-parameter': row.original.parameter, 'data-status': row.original.status })}
    />
  );
}
