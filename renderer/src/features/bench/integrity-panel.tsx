import { useTranslation } from 'react-i18next';
import type { BenchReadResult } from '../../../../preload/contract';
import { VerdictBadge } from '../../components/verdict-badge';
import { integrityReason } from '../../i18n/verdict-reasons';
import { selectField } from '../../stores/bench-store';
import { fieldAtOffset, fieldLabel, fieldMapFor } from './field-map';

export function IntegrityPanel({ result }: { result: BenchReadResult }) {
  const { t, i18n } = useTranslation(['bench', 'reasons']);
  const { integrity } = result.evaluation;
  const problems = [...result.module.problems, ...result.notes];
  const fields = fieldMapFor(result.module.standard, result.rawHex.length / 2, result.rawHex);
  return (
    <section className="card" aria-labelledby="integrity-title">
      <h2 id="integrity-title">{t('integrity.title')}</h2>
      <ul className="check-list" data-testid="integrity">
        {integrity.map((c) => (
          <li key={c.check} data-check={c.check} data-status={c.status}>
            <VerdictBadge status={c.status} /> <strong>{t(`integrity.${c.check}`)}</strong> <span className="muted">{integrityReason(t, i18n.language, c)}</span>
          </li>
        ))}
      </ul>
      {problems.length > 0 ? (
        <>
          <h3>{t('integrity.problems')}</h3>
          <ul className="problem-list">
            {problems.map((p, i) => {
              const field = p.offset === null ? null : fieldAtOffset(fields, p.offset);
              return (
                <li key={`${p.code}-${i}`}>
                  <span className="code">{p.code}</span> {p.message}
                  {field ? (
                    <>
                      {' '}
                      <button type="button" className="link-button" onClick={() => selectField(field.id)}>
                        {fieldLabel(t, field)}
                      </button>
                    </>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
    </section>
  );
}
