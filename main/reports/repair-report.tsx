/** @jsxRuntime automatic @jsxImportSource react */
// The repair report for one case: who notified and how, the complaint, the bench evidence before
// and after repair, the warranty decision with the policy rule it applied, what was done, the
// status timeline, complaints and follow-up calls, and lines to sign.
import type { ReactNode } from 'react';
import { PARAMETER_NAMES, type IntegrityCheckName, type ParameterName } from '../../preload/contract/limits';
import { KeyValues, orDash, ReportDocument, StatusMark, TopBlock, type ReportContext } from './components';
import type { RepairReportData, RunFinding } from './data';
import { findingWords, incompleteWords, integrityReason, verdictReason, wordsT } from './reasons';
import { CmisSection } from './cmis-section';
import { SoakSection, soakFailureWords } from './soak-section';
import { WARRANTY_RULE_IDS } from '../../preload/contract/warranty';
import type { ReportStrings } from './strings';

/** A failing or marginal parameter in the words the bench screen used for it. */
function findingText(ctx: ReportContext, x: RunFinding): string {
  const { s } = ctx;
  if (x.kind === 'integrity') return `${s.integrityCheck(x.check.check)}: ${integrityReason(ctx, x.check)}`;
  const v = x.verdict;
  return `${verdictReason(ctx, v)}${x.status === 'marginal' ? ` (${s.verdictStatus('marginal')})` : ''}`;
}

/** failureModeOf's value ("txPowerDbm", "integrity:checksumBase", "none") in words. */
function failureModeText(ctx: ReportContext, mode: string | null): string {
  const { s } = ctx;
  if (mode === null || mode === '') return s.t('dash');
  if (mode === 'none') return s.t('none');
  if (mode.startsWith('integrity:')) {
    const check = mode.slice('integrity:'.length);
    return check in INTEGRITY_NAMES ? s.integrityCheck(check as IntegrityCheckName) : mode;
  }
  // "soak:flag:rxLos", "soak:step:txPowerDbm" (issue 15): the soak's first fault in words.
  if (mode.startsWith('soak:')) return soakFailureWords(ctx.meta.lang, mode);
  if (mode.startsWith('external:')) {
    const kind = mode.slice('external:'.length);
    return kind === 'link' || kind === 'ber' ? s.externalKind(kind) : mode;
  }
  return (PARAMETER_NAMES as readonly string[]).includes(mode) ? s.parameter(mode as ParameterName) : mode;
}

const INTEGRITY_NAMES: Record<IntegrityCheckName, true> = {
  checksumBase: true,
  checksumExtended: true,
  checksumDiagnostics: true,
  vendorFieldsPrintable: true,
  dateCodeValid: true,
  wavelengthConsistent: true,
  identifierKnown: true,
};

function Runs(props: { ctx: ReportContext; data: RepairReportData }): ReactNode {
  const { s, f } = props.ctx;
  const runs = props.data.runs;
  if (runs.length === 0) return <p>{s.t('noTestRuns')}</p>;
  return (
    <table data-testid="runs">
      <thead>
        <tr>
          <th className="num">{s.t('run')}</th>
          <th>{s.t('takenAt')}</th>
          <th>{s.t('role')}</th>
          <th>{s.t('serialNumber')}</th>
          <th>{s.t('overallVerdict')}</th>
          <th>{s.t('failing')}</th>
          <th>{s.t('operator')}</th>
          <th>{s.t('sha256')}</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => {
          const fails = r.findings.filter((x) => x.status === 'fail');
          const marginal = r.findings.filter((x) => x.status === 'marginal');
          const shown = [...fails, ...marginal];
          return (
            <tr key={r.id} data-testid="run-row" data-run={r.id} data-overall={r.overall}>
              <td className="num">
                #{r.id}
                {r.correctedById === null ? null : <div className="small muted">{s.t('superseded', { id: r.correctedById })}</div>}
                {r.correctsId === null ? null : <div className="small muted">{s.t('corrects', { id: r.correctsId })}</div>}
              </td>
              <td>{f.instant(r.takenAt)}</td>
              <td>{s.role(r.role)}</td>
              <td className="mono">{r.moduleSerial}</td>
              <td>
                <StatusMark status={r.overall} label={s.overall(r.overall)} />
              </td>
              <td className="small">
                {shown.length === 0 ? (r.overall === 'incomplete' ? null : s.t('allWithinSpec')) : shown.map((x) => findingText(props.ctx, x)).join('; ')}
                {r.overall !== 'incomplete' || r.incomplete.length === 0 ? null : (
                  <div data-testid="run-incomplete">
                    {r.incomplete.map((x) => incompleteWords(props.ctx, x)).join('; ')}
                    {r.nextSteps.length === 0 ? null : (
                      <div className="muted">
                        {s.t('nextSteps')}: {r.nextSteps.map((x) => s.nextStep(x)).join('; ')}
                      </div>
                    )}
                  </div>
                )}
                {r.identityFindings.length === 0 ? null : (
                  <div className="muted" data-testid="run-findings">
                    {s.t('findings')}: {r.identityFindings.map((x) => `${s.integrityCheck(x.check)}: ${findingWords(props.ctx, x)}`).join('; ')}
                  </div>
                )}
              </td>
              <td className="small">
                {r.operator}
                <div className="muted">{r.station}</div>
                {r.link === undefined || r.link.attachmentId === null ? null : (
                  <div className="muted" data-testid="run-attached">
                    {s.t('attached')}: {s.t('attachedBy', { who: r.link.attachedBy, when: f.instant(r.link.attachedAt) })}
                  </div>
                )}
              </td>
              <td className="mono small">{r.sha256.slice(0, 12)}…</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}


/**
 * A decision's history note is the policy's English rule as main stored it ("fail-within-1-year:
 * fails a specified parameter, ..."); the report says it in its language by the rule's id. A note
 * a person typed is printed as typed.
 */
function historyNote(s: ReportStrings, note: string): string {
  const id = /^([a-z0-9]+(?:-[a-z0-9]+)+): /.exec(note)?.[1];
  const rule = WARRANTY_RULE_IDS.find((r) => r === id);
  return rule === undefined ? note : s.ruleWords(rule, note);
}

export function RepairReport(props: { ctx: ReportContext; data: RepairReportData }): ReactNode {
  const { ctx, data } = props;
  const { s, f } = ctx;
  const c = data.case;
  const d = c.decisionDetail;
  const dash = s.t('dash');
  const title = s.t('repairReportTitle');
  const m = data.module;
  const moduleRows: Array<[string, ReactNode]> = [
    [s.t('serialNumber'), c.moduleSerial],
    [s.t('partNumber'), orDash(c.partNumber ?? m?.partNumber, dash)],
    ...(m === null
      ? []
      : ([
          [s.t('moduleType'), m.type],
          [s.t('vendor'), orDash(m.vendor, dash)],
          [s.t('revision'), orDash(m.revision, dash)],
          [s.t('dateCode'), `${orDash(m.dateCode, dash)}${m.manufactureDate === null ? '' : ` (${f.day(m.manufactureDate)})`}`],
          [s.t('wavelength'), m.wavelengthNm === null ? dash : `${m.wavelengthNm} nm`],
        ] as Array<[string, ReactNode]>)),
    [s.t('deliveries'), data.deliveries.length === 0 ? s.t('noDelivery') : data.deliveries.map((x) => f.day(x.deliveredOn)).join(', ')],
  ];
  return (
    <ReportDocument ctx={ctx} title={`${title} ${c.rmaNumber}`}>
      <TopBlock
        ctx={ctx}
        title={title}
        subtitle={
          <>
            {s.t('rma')} <strong data-testid="rma">{c.rmaNumber}</strong> · {s.t('caseStatus')}: <strong>{s.repairStatus(c.status)}</strong>
          </>
        }
      />

      <div className="grid2">
        <section>
          <h2>{s.t('customer')}</h2>
          <KeyValues
            testId="customer"
            rows={[
              [s.t('customer'), data.customer.name],
              [s.t('contact'), orDash(data.customer.contact, dash)],
              [s.t('phone'), orDash(data.customer.phone, dash)],
              [s.t('email'), orDash(data.customer.email, dash)],
            ]}
          />
          <h2>{s.t('notification')}</h2>
          <KeyValues
            testId="notification"
            rows={[
              [s.t('channel'), s.channel(c.notificationChannel)],
              [s.t('notifiedAt'), f.instant(c.notifiedAt)],
              [s.t('notifiedOn'), f.day(c.notifiedOn)],
              [s.t('notifiedBy'), c.notifiedBy],
              [s.t('technician'), data.technician === null ? s.t('unassigned') : `${data.technician.name} (${data.technician.code})`],
            ]}
          />
        </section>
        <section>
          <h2>{s.t('module')}</h2>
          <KeyValues testId="module" rows={moduleRows} />
        </section>
      </div>

      <section>
        <h2>{s.t('complaintText')}</h2>
        <div className="text" data-testid="complaint-text">
          {c.complaintText}
        </div>
      </section>

      <section className="flow">
        <h2>{s.t('testRuns')}</h2>
        <Runs ctx={ctx} data={data} />
      </section>

      {(data.withdrawnRuns ?? []).length === 0 ? null : (
        <section className="flow" data-testid="withdrawn-runs">
          <h2>{s.t('withdrawnRuns')}</h2>
          <table>
            <thead>
              <tr>
                <th className="num">{s.t('run')}</th>
                <th>{s.t('takenAt')}</th>
                <th>{s.t('role')}</th>
                <th>{s.t('serialNumber')}</th>
                <th>{s.t('overallVerdict')}</th>
                <th>{s.t('note')}</th>
              </tr>
            </thead>
            <tbody>
              {(data.withdrawnRuns ?? []).map((r) => (
                <tr key={`${r.id}-${r.link?.withdrawn?.id ?? 0}`} data-testid="withdrawn-row" data-run={r.id}>
                  <td className="num">
                    <s>#{r.id}</s>
                  </td>
                  <td>{f.instant(r.takenAt)}</td>
                  <td>{s.role(r.role)}</td>
                  <td className="mono">{r.moduleSerial}</td>
                  <td>
                    <StatusMark status={r.overall} label={s.overall(r.overall)} />
                  </td>
                  <td className="small">
                    {s.t('withdrawnBy', { who: r.link?.withdrawn?.by ?? dash, when: f.instant(r.link?.withdrawn?.at ?? null), reason: r.link?.withdrawn?.reason ?? '' })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      {data.cmis == null ? null : <CmisSection ctx={ctx} module={data.cmis.module} evaluation={data.cmis.evaluation} caption={s.t('cmisOfRun', { id: data.cmis.runId })} />}

      {data.externalTests.length === 0 ? null : (
        <section className="flow">
          <h2>{s.t('externalTests')}</h2>
          <table data-testid="external-tests">
            <thead>
              <tr>
                <th className="num">#</th>
                <th>{s.t('when')}</th>
                <th>{s.t('role')}</th>
                <th>{s.t('externalKind')}</th>
                <th>{s.t('result')}</th>
                <th>{s.t('equipment')}</th>
                <th>{s.t('performedBy')}</th>
                <th>{s.t('note')}</th>
              </tr>
            </thead>
            <tbody>
              {data.externalTests.map((x) => (
                <tr key={x.id} data-testid="external-row" data-result={x.result}>
                  <td className="num">#{x.id}</td>
                  <td>{f.instant(x.performedAt)}</td>
                  <td>{s.role(x.role)}</td>
                  <td>
                    {s.externalKind(x.kind)}
                    {x.bitErrorRatio === null ? null : <div className="small">{`${s.t('berShort')} ${x.bitErrorRatio.toExponential(1)}`}</div>}
                  </td>
                  <td>
                    <StatusMark status={x.result} label={s.externalResult(x.result)} />
                  </td>
                  <td className="small">
                    {x.equipment}
                    {x.hostPort === null ? null : <div className="muted">{x.hostPort}</div>}
                  </td>
                  <td>{x.performedBy}</td>
                  <td className="small">{orDash(x.notes, dash)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      {(data.soaks ?? []).map((soak, i) => (
        <SoakSection key={soak.testRunId} ctx={ctx} data={soak} heading={wordsT(ctx.meta.lang)('soak:report.titleN', { n: i + 1, id: soak.testRunId })} />
      ))}

      <section data-testid="decision">
        <h2>{s.t('warrantyDecision')}</h2>
        {d === null ? (
          <p>{s.t('noDecision')}</p>
        ) : (
          <KeyValues
            rows={[
              [s.t('decision'), <strong>{s.decision(d.decision)}</strong>],
              [
                s.t('rule'),
                <>
                  {/* The rule's id is the policy's English key: cited on the English report, its words alone in Chinese. */}
                  {d.ruleId === null || s.lang !== 'en' ? null : <span className="mono">{d.ruleId}</span>}
                  {d.ruleId === null || s.lang !== 'en' ? null : ': '}
                  {s.ruleWords(d.ruleId, d.rule)}
                </>,
              ],
              [s.t('cause'), s.cause(d.cause)],
              [
                s.t('basisDate'),
                d.basisDate === null
                  ? s.t('noBasis')
                  : `${f.day(d.basisDate)} (${d.estimated ? s.t('estimatedBasis') : data.decisionDelivery != null ? s.t('deliveryRecord', { id: data.decisionDelivery.id, imported: f.instant(data.decisionDelivery.importedAt) }) : s.t('deliveryBasis')})`,
              ],
              [s.t('age'), d.ageDays === null ? s.t('dash') : `${f.integer(d.ageDays)} ${s.t('days')}`],
              [
                s.t('evidence'),
                `#${d.evidenceTestRunId}${d.evidenceExternalTestId == null ? '' : ` + ${s.t('externalEvidence')} #${d.evidenceExternalTestId}`}`,
              ],
              ...((d.needs ?? []).length === 0
                ? []
                : ([[s.t('needs'), <ol data-testid="decision-needs">{(d.needs ?? []).map((n) => <li key={n}>{s.nextStep(n)}</li>)}</ol>]] as Array<[string, ReactNode]>)),
              [s.t('failureMode'), failureModeText(ctx, c.failureMode)],
              [s.t('decidedBy'), `${d.decidedBy}, ${f.instant(d.decidedAt)}`],
            ]}
          />
        )}
      </section>

      <section>
        <h2>{s.t('repairAction')}</h2>
        <KeyValues
          testId="action"
          rows={[
            [s.t('actionTaken'), orDash(c.actionTaken, dash)],
            [s.t('replacementSerial'), orDash(c.replacementSerial, dash)],
            [s.t('technician'), data.technician === null ? s.t('unassigned') : data.technician.name],
            [s.t('closedAt'), f.instant(c.closedAt)],
          ]}
        />
      </section>

      <section className="flow">
        <h2>{s.t('timeline')}</h2>
        <table data-testid="timeline" className="timeline">
          <thead>
            <tr>
              <th>{s.t('when')}</th>
              <th>{s.t('from')}</th>
              <th>{s.t('to')}</th>
              <th>{s.t('by')}</th>
              <th>{s.t('note')}</th>
            </tr>
          </thead>
          <tbody>
            {data.history.map((h) => (
              <tr key={h.id} data-testid="history-row">
                <td>{f.instant(h.at)}</td>
                <td>{h.from === null ? dash : s.repairStatus(h.from)}</td>
                <td>{s.repairStatus(h.to)}</td>
                <td>{h.actor}</td>
                <td className="small">{orDash(h.note === null ? null : historyNote(s, h.note), dash)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {data.complaints.length === 0 ? null : (
        <section className="flow">
          <h2>{s.t('complaints')}</h2>
          <table data-testid="complaints">
            <thead>
              <tr>
                <th>{s.t('when')}</th>
                <th>{s.t('addressedTo')}</th>
                <th>{s.t('state')}</th>
                <th>{s.t('complaint')}</th>
                <th>{s.t('resolution')}</th>
              </tr>
            </thead>
            <tbody>
              {data.complaints.map((x) => (
                <tr key={x.id}>
                  <td>{f.instant(x.createdAt)}</td>
                  <td>{s.addressee(x.addressedTo)}</td>
                  <td>{s.complaintStatus(x.status)}</td>
                  <td className="small">{x.text}</td>
                  <td className="small">{orDash(x.resolution, dash)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      {data.calls.length === 0 ? null : (
        <section className="flow">
          <h2>{s.t('calls')}</h2>
          <table data-testid="calls">
            <thead>
              <tr>
                <th>{s.t('when')}</th>
                <th>{s.t('caller')}</th>
                <th className="num">{s.t('satisfaction')}</th>
                <th>{s.t('remarks')}</th>
              </tr>
            </thead>
            <tbody>
              {data.calls.map((x) => (
                <tr key={x.id}>
                  <td>{f.instant(x.calledAt)}</td>
                  <td>{x.callerName ?? `#${x.callerId}`}</td>
                  <td className="num">{x.satisfaction} / 5</td>
                  <td className="small">{orDash(x.remarks, dash)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      <section data-testid="signatures">
        <h2>{s.t('signatures')}</h2>
        <div className="signatures">
          {[s.t('signTechnician'), s.t('signSupervisor'), s.t('signCustomer')].map((who) => (
            <div className="signature" key={who}>
              <div className="line" />
              <div className="label">{who}</div>
              <div className="sub">
                <span>{s.t('signName')}:</span>
                <span>{s.t('signDate')}:</span>
              </div>
            </div>
          ))}
        </div>
      </section>
    </ReportDocument>
  );
}
