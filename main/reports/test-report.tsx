/** @jsxRuntime automatic @jsxImportSource react */
// The test report (test certificate) for one reading: identity, every verdict with its limits and
// their source, the integrity checks, the image's SHA-256 and who/where/when.
import type { ReactNode } from 'react';
import type { ParameterVerdict } from '../../preload/contract/limits';
import { KeyValues, orDash, ReportDocument, StatusMark, TopBlock, type ReportContext } from './components';
import type { TestReportData } from './data';
import { SoakSection } from './soak-section';
import { wordsT } from './reasons';
import { findingWords, incompleteWords, integrityReason, verdictReason } from './reasons';
import { CmisSection, laserWords } from './cmis-section';
import { declarationWords } from './declarations';
import { programmerWords } from '../../preload/contract/words/index';

/** Limit sources repeat on most rows: the table names each by number, listed once below it. */
function sourceIndex(verdicts: readonly ParameterVerdict[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of verdicts) if (!m.has(v.limitSource)) m.set(v.limitSource, m.size + 1);
  return m;
}

function VerdictRow(props: { ctx: ReportContext; v: ParameterVerdict; sourceNo: number }): ReactNode {
  const { s, f } = props.ctx;
  const v = props.v;
  return (
    <tr data-testid="verdict-row" data-parameter={v.parameter} data-lane={v.lane ?? ''} data-status={v.status}>
      <td>{s.parameter(v.parameter)}</td>
      <td className="num">{v.lane ?? s.t('dash')}</td>
      <td className="num">{f.value(v.parameter, v.value)}</td>
      <td>{f.unit(v.unit)}</td>
      <td className="num">{f.limit(v.parameter, v.limit, 'min')}</td>
      <td className="num">{f.limit(v.parameter, v.limit, 'max')}</td>
      <td className="num">{f.warnBand(v.parameter, v.limit)}</td>
      <td className="num">[{props.sourceNo}]</td>
      <td>
        <StatusMark status={v.status} label={s.verdictStatus(v.status)} />
      </td>
      <td className="small">{verdictReason(props.ctx, v)}</td>
    </tr>
  );
}

export function TestReport(props: { ctx: ReportContext; data: TestReportData }): ReactNode {
  const { ctx, data } = props;
  const { s, f } = ctx;
  const m = data.module;
  const e = data.evaluation;
  const src = data.source;
  const title = s.t('testReportTitle');
  const dash = s.t('dash');
  const sources = sourceIndex(e.verdicts);
  return (
    <ReportDocument ctx={ctx} title={`${title} ${m.vendor.serialNumber}`}>
      <TopBlock
        ctx={ctx}
        title={title}
        subtitle={
          <>
            {m.vendor.partNumber.trim() === '' ? null : <span>{m.vendor.partNumber} · </span>}
            <span>
              {s.t('serialNumber')} <strong>{orDash(m.vendor.serialNumber, dash)}</strong>
            </span>
          </>
        }
        right={
          <div data-testid="overall" style={{ marginTop: '2mm' }}>
            <span className={`overall status-${e.overall}`}>
              <StatusMark status={e.overall} label={s.overall(e.overall)} />
            </span>
          </div>
        }
      />

      <div className="grid2">
        <section>
          <h2>{s.t('moduleIdentity')}</h2>
          <KeyValues
            testId="identity"
            rows={[
              [s.t('moduleType'), `${m.identifier.name} (${m.standard})`],
              [s.t('vendor'), orDash(m.vendor.name, dash)],
              [s.t('vendorOui'), orDash(m.vendor.oui, dash)],
              [s.t('partNumber'), orDash(m.vendor.partNumber, dash)],
              [s.t('serialNumber'), orDash(m.vendor.serialNumber, dash)],
              [s.t('revision'), orDash(m.vendor.revision, dash)],
              [
                s.t('dateCode'),
                <>
                  {orDash(m.vendor.dateCode, dash)}
                  {m.vendor.manufactureDate === null ? (m.vendor.dateCode.trim() === '' ? null : ` (${s.t('invalidDate')})`) : ` (${f.day(m.vendor.manufactureDate)})`}
                </>,
              ],
              [s.t('wavelength'), m.wavelengthNm === null ? dash : `${m.wavelengthNm} nm`],
              [s.t('connector'), m.connector.name],
              // SFF-8024's "A/B" names, which the decoders spell "A or B": the names stay, the "or" is the report's.
              [s.t('compliance'), m.compliance.length === 0 ? s.t('none') : m.compliance.map((c) => (s.lang === 'en' ? c : c.split(' or ').join(' 或 '))).join(', ')],
              [s.t('bitRate'), m.nominalBitRateMbd === null ? dash : `${f.integer(m.nominalBitRateMbd)} MBd`],
            ]}
          />
        </section>
        <section>
          <h2>{s.t('testContext')}</h2>
          <KeyValues
            testId="context"
            rows={[
              ...(src.kind === 'test-run'
                ? ([
                    [s.t('testRun'), src.cases.length === 0 ? `#${src.testRunId}` : `#${src.testRunId} (${s.role(src.role)})`],
                    ...(src.cases.length > 0
                      ? [[s.t('countsFor'), src.cases.map((x) => `${x.rmaNumber} (${s.role(x.role)})`).join(', ')]]
                      : src.rmaNumber === null
                        ? []
                        : [[s.t('repairCase'), src.rmaNumber]]),
                    ...(src.correctsId === null ? [] : [[s.t('correction'), `#${src.correctsId}: ${src.correctionReason ?? ''}`]]),
                    ...(src.correctedById === null ? [] : [[s.t('supersededBy'), `#${src.correctedById}`]]),
                  ] as Array<[string, ReactNode]>)
                : ([[s.t('imageFile'), <span className="mono">{src.path}</span>]] as Array<[string, ReactNode]>)),
              [s.t('takenAt'), f.instant(data.takenAt)],
              [s.t('station'), data.station],
              [s.t('operator'), data.operator],
              [s.t('programmer'), programmerWords(wordsT(ctx.meta.lang), data.programmer)],
              [s.t('appVersion'), data.appVersion],
              [s.t('limitProfile'), e.profile === null ? s.t('noProfile') : `${e.profile.name} (${e.profile.id} v${e.profile.version})`],
              [s.t('matchedBy'), s.matchedBy(e.matchedBy)],
              [s.t('overallVerdict'), <StatusMark status={e.overall} label={`${s.overall(e.overall)} (${e.withinSpec ? s.t('withinSpec') : s.t('notWithinSpec')})`} />],
              ...(e.setup?.laser === undefined ? [] : ([[s.t('lasers'), laserWords(ctx, e.setup.laser)]] as Array<[string, ReactNode]>)),
            ]}
          />
        </section>
      </div>

      {e.overall !== 'incomplete' || (e.incomplete ?? []).length === 0 ? null : (
        <section data-testid="incomplete" className="callout">
          <h2>{s.t('incomplete')}</h2>
          <ul>
            {(e.incomplete ?? []).map((r) => (
              <li key={r.code} data-code={r.code}>
                {incompleteWords(ctx, r)}
              </li>
            ))}
          </ul>
          <h3>{s.t('nextSteps')}</h3>
          <ol data-testid="next-steps">
            {(e.nextSteps ?? []).map((step) => (
              <li key={step} data-step={step}>
                {s.nextStep(step)}
              </li>
            ))}
          </ol>
        </section>
      )}

      <section className="flow">
        <h2>{s.t('verdicts')}</h2>
        {e.verdicts.length === 0 ? (
          <p>{s.t('noVerdicts')}</p>
        ) : (
          <table data-testid="verdicts" className="verdicts">
            <thead>
              <tr>
                <th>{s.t('parameter')}</th>
                <th className="num">{s.t('lane')}</th>
                <th className="num">{s.t('value')}</th>
                <th>{s.t('unit')}</th>
                <th className="num">{s.t('specMin')}</th>
                <th className="num">{s.t('specMax')}</th>
                <th className="num">{s.t('warnRange')}</th>
                <th>{s.t('limitSource')}</th>
                <th>{s.t('status')}</th>
                <th>{s.t('reason')}</th>
              </tr>
            </thead>
            <tbody>
              {e.verdicts.map((v) => (
                <VerdictRow key={`${v.parameter}-${v.lane ?? 0}`} ctx={ctx} v={v} sourceNo={sources.get(v.limitSource) ?? 0} />
              ))}
            </tbody>
          </table>
        )}
        {(e.notJudged ?? []).length === 0 ? null : (
          <p className="small" data-testid="not-judged">
            {s.t('notJudged')}: {s.t('notJudgedRx')}
          </p>
        )}
        {sources.size === 0 ? null : (
          <div className="small" data-testid="limit-sources">
            {s.t('limitSource')}:
            {[...sources].map(([text, no]) => (
              <div key={no}>
                [{no}] {s.limitSource(text)}
              </div>
            ))}
          </div>
        )}
      </section>

      <CmisSection ctx={ctx} module={m} evaluation={e} />

      <section className="flow" data-testid="findings">
        <h2>{s.t('findings')}</h2>
        {(e.findings ?? []).length === 0 ? (
          <p className="small">{s.t('noFindings')}</p>
        ) : (
          <>
            <p className="small muted">{s.t('findingsHint')}</p>
            <ul>
              {(e.findings ?? []).map((f) => (
                <li key={f.check} data-check={f.check}>
                  <StatusMark status="finding" label={s.integrityCheck(f.check)} />: {findingWords(ctx, f)}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      {m.declarations === undefined ? null : (
        <section data-testid="declarations">
          <h2>{s.t('declarations')}</h2>
          <ul className="small">
            {m.declarations.sources.map((src) => (
              <li key={src} className="mono">
                {declarationWords(src, s.lang)}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="flow">
        <h2>{s.t('integrity')}</h2>
        <table data-testid="integrity">
          <thead>
            <tr>
              <th>{s.t('check')}</th>
              <th>{s.t('status')}</th>
              <th>{s.t('reason')}</th>
            </tr>
          </thead>
          <tbody>
            {e.integrity.map((c) => (
              <tr key={c.check} data-check={c.check} data-status={c.status}>
                <td>{s.integrityCheck(c.check)}</td>
                <td>
                  <StatusMark status={c.status} label={s.integrityStatus(c.status)} />
                </td>
                <td className="small">{integrityReason(ctx, c)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {m.problems.length === 0 ? null : (
          <>
            <h2>{s.t('problems')}</h2>
            <table data-testid="problems">
              <tbody>
                {m.problems.map((p, i) => (
                  <tr key={`${p.code}-${i}`}>
                    <td className="mono">{p.code}</td>
                    <td className="num mono">{p.offset === null ? dash : `0x${p.offset.toString(16).padStart(3, '0')}`}</td>
                    <td className="small">{p.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>

      <section>
        <h2>{s.t('rawImage')}</h2>
        <KeyValues
          testId="image"
          rows={[
            [s.t('imageSize'), `${f.integer(data.image.bytes)} ${s.t('bytes')}`],
            [s.t('sha256'), <span className="mono" data-testid="sha256">{data.image.sha256}</span>],
          ]}
        />
      </section>
      {data.soak ? <SoakSection ctx={ctx} data={data.soak} heading={wordsT(ctx.meta.lang)('soak:report.title')} /> : null}
    </ReportDocument>
  );
}
