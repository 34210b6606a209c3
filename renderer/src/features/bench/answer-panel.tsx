import { forwardRef, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { BenchReadResult } from '../../../../preload/contract';
import type { ParameterVerdict } from '../../../../preload/contract/limits';
import { checkName, findingReason, integrityReason, parameterName, verdictReason } from '../../../../preload/contract/words/index';
import { VerdictBadge } from '../../components/verdict-badge';
import { VerdictSummary } from '../../components/verdict-summary';
import { formatDateTime, formatValue } from '../../i18n/format';

/** A parameter that did not pass, its lanes gathered when they say the same thing. */
export interface ProblemGroup {
  key: string;
  status: 'fail' | 'marginal' | 'not-measured';
  parameter: ParameterVerdict['parameter'];
  lanes: number[];
  /** The verdicts of the group, first lane first: the reason of the first speaks for the rest. */
  verdicts: ParameterVerdict[];
}

const ORDER: Record<ProblemGroup['status'], number> = { fail: 0, marginal: 1, 'not-measured': 2 };

/**
 * Every parameter that failed, was marginal or could not be measured (not the ones left unjudged
 * by choice: Rx power without a light source), lanes of one parameter and one reason together,
 * so an 8-lane module with a dead laser is one line, not sixteen.
 */
export function problemGroups(result: BenchReadResult): ProblemGroup[] {
  const notJudged = new Set(result.evaluation.notJudged ?? []);
  const groups = new Map<string, ProblemGroup>();
  for (const v of result.evaluation.verdicts) {
    if (v.status !== 'fail' && v.status !== 'marginal' && v.status !== 'not-measured') continue;
    if (v.status === 'not-measured' && notJudged.has(v.parameter)) continue;
    const key = `${v.status}:${v.parameter}:${v.reasonCode ?? v.reason}`;
    const g = groups.get(key) ?? { key, status: v.status, parameter: v.parameter, lanes: [], verdicts: [] };
    if (v.lane !== null) g.lanes.push(v.lane);
    g.verdicts.push(v);
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => ORDER[a.status] - ORDER[b.status]);
}

/** "1–4, 6" */
export function laneRanges(lanes: readonly number[]): string {
  const sorted = [...new Set(lanes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i] as number;
    let end = start;
    while (sorted[i + 1] === end + 1) end = sorted[++i] as number;
    parts.push(end > start + 1 ? `${start}–${end}` : end === start + 1 ? `${start}, ${end}` : String(start));
  }
  return parts.join(', ');
}

function ProblemLine({ g, multiLane }: { g: ProblemGroup; multiLane: boolean }) {
  const { t, i18n } = useTranslation(['bench', 'reasons', 'verdict']);
  const lng = i18n.language;
  const first = g.verdicts[0] as ParameterVerdict;
  const reason = verdictReason(t, lng, first);
  const several = g.verdicts.length > 1;
  return (
    <li className={`answer__problem answer__problem--${g.status}`} data-parameter={g.parameter} data-status={g.status} data-lanes={g.lanes.join(',')}>
      <VerdictBadge status={g.status} />{' '}
      <strong>
        {multiLane && g.lanes.length > 0
          ? t('answer.lanes', { param: parameterName(t, g.parameter), lanes: laneRanges(g.lanes), count: g.lanes.length })
          : parameterName(t, g.parameter)}
      </strong>
      <span className="answer__reason">{reason}</span>
      {several ? (
        <span className="answer__values muted">
          {g.verdicts.map((v) => t('answer.laneValue', { lane: v.lane ?? '', value: formatValue(v.value, v.unit, lng) })).join(' · ')}
        </span>
      ) : null}
    </li>
  );
}

/**
 * The answer first (issue 12): the overall verdict, every parameter that did not pass with its
 * reason, the integrity faults and the findings, sized to be seen without scrolling at 1366x768.
 * The heading takes the focus when the answer changes and there is nothing to attach to.
 */
export const AnswerPanel = forwardRef<HTMLHeadingElement, { result: BenchReadResult }>(function AnswerPanel({ result }, headingRef) {
  const { t, i18n } = useTranslation(['bench', 'reasons', 'verdict']);
  const lng = i18n.language;
  const ev = result.evaluation;
  const m = result.module;
  const groups = useMemo(() => problemGroups(result), [result]);
  const faults = ev.integrity.filter((c) => c.status === 'fail' || c.status === 'unconfirmed');
  const findings = ev.findings ?? [];
  const source = result.source === 'file' ? 'imported' : result.programmer.kind === 'sim' ? 'training' : null;
  const allGood = groups.length === 0 && faults.length === 0 && ev.overall !== 'incomplete';
  return (
    <section className="card answer" aria-labelledby="answer-title" data-testid="answer" data-overall={ev.overall}>
      <div className="answer__head">
        <div className="identity__overall" data-testid="overall-verdict" data-verdict={ev.overall}>
          <span className="visually-hidden">{t('identity.overall')}</span>
          <VerdictBadge status={ev.overall} kind="overall" size="large" />
        </div>
        <div className="answer__module">
          <h2 id="answer-title" ref={headingRef} tabIndex={-1}>
            <span data-testid="answer-serial">{m.vendor.serialNumber || t('answer.noSerial')}</span>
            <span className="answer__pn"> · {m.vendor.partNumber || '—'}</span>
          </h2>
          <p className="answer__meta muted">
            {m.vendor.name || '—'} · {m.identifier.name} · {m.standard}
            {source !== null ? (
              <>
                {' · '}
                <span className="badge badge--muted" data-testid="answer-source">
                  {t(`answer.source.${source}`)}
                </span>
              </>
            ) : null}{' '}
            · <span data-testid="taken-at">{t('read.takenAt', { when: formatDateTime(result.takenAt, lng) })}</span>
          </p>
        </div>
      </div>
      <VerdictSummary evaluation={ev} />
      {allGood ? (
        <p className="answer__ok" data-testid="answer-ok">
          <span aria-hidden="true">✔ </span>
          {t('answer.allWithin', { count: ev.verdicts.filter((v) => v.status === 'pass').length })}
        </p>
      ) : null}
      {groups.length > 0 || faults.length > 0 ? (
        <ul className="answer__problems" data-testid="answer-problems" aria-label={t('answer.problems')}>
          {faults.map((c) => (
            <li key={c.check} className={`answer__problem answer__problem--${c.status === 'fail' ? 'fail' : 'not-measured'}`} data-check={c.check} data-status={c.status}>
              <VerdictBadge status={c.status} kind="integrity" /> <strong>{checkName(t, c.check)}</strong>
              <span className="answer__reason">{integrityReason(t, lng, c)}</span>
            </li>
          ))}
          {groups.map((g) => (
            <ProblemLine key={g.key} g={g} multiLane={(m.diagnostics?.lanes.length ?? 1) > 1} />
          ))}
        </ul>
      ) : null}
      {findings.length > 0 ? (
        <ul className="answer__findings" data-testid="answer-findings" aria-label={t('verdict:section.findings')}>
          {findings.map((f) => (
            <li key={f.check} data-check={f.check}>
              <VerdictBadge status="finding" kind="integrity" /> <strong>{checkName(t, f.check)}</strong> <span className="answer__reason">{findingReason(t, lng, f)}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
});
