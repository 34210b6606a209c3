import { useTranslation } from 'react-i18next';
import type { BenchReadResult } from '../../../../preload/contract';
import { checkName, findingReason, integrityReason } from '../../../../preload/contract/words/index';
import { VerdictBadge } from '../../components/verdict-badge';
import { selectField } from '../../stores/bench-store';
import { fieldAtOffset, fieldLabel, fieldMapFor } from './field-map';

export function IntegrityPanel({ result }: { result: BenchReadResult }) {
  const { t, i18n } = useTranslation(['bench', 'reasons', 'verdict']);
  const { integrity } = result.evaluation;
  const findings = result.evaluation.findings ?? [];
  const problems = [...result.module.problems, ...result.notes];
  const fields = fieldMapFor(result.module.standard, result.rawHex.length / 2, result.rawHex);
  return (
    <section className="card" aria-labelledby="integrity-title">
      <h2 id="integrity-title">{t('integrity.title')}</h2>
      <ul className="check-list" data-testid="integrity">
        {integrity.map((c) => (
          <li key={c.check} data-check={c.check} data-status={c.status}>
            <VerdictBadge status={c.status} kind="integrity" /> <strong>{checkName(t, c.check)}</strong> <span className="muted">{integrityReason(t, i18n.language, c)}</span>
          </li>
        ))}
      </ul>
      {/* Findings apart from the checks that fail a module: identity oddities, never a fault by themselves. */}
      <div className="findings" data-testid="findings">
        <h3>{t('verdict:section.findings')}</h3>
        {findings.length === 0 ? (
          <p className="muted">{t('verdict:section.noFindings')}</p>
        ) : (
          <>
            <p className="muted">{t('verdict:section.findingsHint')}</p>
            <ul className="check-list">
              {findings.map((f) => (
                <li key={f.check} data-check={f.check} data-finding={f.reasonCode}>
                  <VerdictBadge status="finding" kind="integrity" /> <strong>{checkName(t, f.check)}</strong> <span>{findingReason(t, i18n.language, f)}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      {problems.length > 0 ? (
        <>
          <h3>{t('integrity.problems')}</h3>
          <ul className="problem-list">
            {problems.map((p, i) => {
              const field = p.offset === null ? null : fieldAtOffset(fields, p.offset);
              return (
                <li key={`${p.code}-${i}`}>
                  {/* main's English message (with its offsets) stays in the stored read and the logs; the page says it in its own words by code. */}
                  <span data-problem={p.code}>{t(`integrity.problem.${p.code}`, { defaultValue: t('integrity.problem.other') })}</span>
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
