import { useTranslation } from 'react-i18next';
import type { Evaluation } from '../../../preload/contract/limits';
import { incompleteReason, nextStepWords, parameterName } from '../../../preload/contract/words/index';

/**
 * What the overall verdict rests on, under the badge: why a run is incomplete and what to do
 * next, and what the technician chose not to judge (Rx power without a light source). The same
 * words the printed test report uses (preload/contract/words).
 */
export function VerdictSummary({ evaluation }: { evaluation: Evaluation }) {
  const { t } = useTranslation(['verdict', 'warranty']);
  const reasons = evaluation.overall === 'incomplete' ? (evaluation.incomplete ?? []) : [];
  const steps = evaluation.overall === 'incomplete' ? (evaluation.nextSteps ?? []) : [];
  const notJudged = evaluation.notJudged ?? [];
  if (reasons.length === 0 && notJudged.length === 0) return null;
  return (
    <div className="verdict-summary" data-testid="verdict-summary">
      {reasons.length > 0 ? (
        <div className="verdict-summary__incomplete" data-testid="incomplete-reasons">
          <h3>{t('verdict:section.incomplete')}</h3>
          <ul>
            {reasons.map((r) => (
              <li key={r.code} data-code={r.code}>
                {incompleteReason(t, r)}
              </li>
            ))}
          </ul>
          {steps.length > 0 ? (
            <>
              <h3>{t('verdict:section.nextSteps')}</h3>
              <ol data-testid="next-steps">
                {steps.map((s) => (
                  <li key={s} data-step={s}>
                    {nextStepWords(t, s)}
                  </li>
                ))}
              </ol>
            </>
          ) : null}
        </div>
      ) : null}
      {notJudged.length > 0 ? (
        <p className="muted" data-testid="not-judged">
          {t('verdict:section.notJudged')}: {notJudged.map((p) => parameterName(t, p)).join(', ')} ({t('verdict:section.notJudgedRx')})
        </p>
      ) : null}
    </div>
  );
}
