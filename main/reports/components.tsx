/** @jsxRuntime automatic @jsxImportSource react */
// Pieces both report documents share: the HTML shell with its print stylesheet, the top block
// (title, station, print date: the PDF header repeats them, the on-screen preview has only this),
// status marks and key/value tables. Every string from a module or a record is a React text
// child, so React escapes it: a vendor field holding "<svg onload=...>" prints as those characters.
import type { ReactNode } from 'react';
import type { IntegrityStatus, OverallVerdict, VerdictStatus } from '../../preload/contract/limits';
import { reportFormat, type ReportFormat } from './format';
import { REPORT_CSS } from './styles';
import { reportStrings, STATUS_SYMBOL, type ReportLang, type ReportStrings } from './strings';

export interface ReportMeta {
  /** The station printing the report (the test station of each run is printed with its run). */
  station: string;
  printedAt: Date;
  lang: ReportLang;
  appVersion: string;
  /** IANA time zone for printed instants; the system's when absent. */
  timeZone?: string;
}

export interface ReportContext {
  meta: ReportMeta;
  s: ReportStrings;
  f: ReportFormat;
}

export function reportContext(meta: ReportMeta): ReportContext {
  return { meta, s: reportStrings(meta.lang), f: reportFormat(meta.lang, meta.timeZone) };
}

// Nothing in a report runs or loads: no scripts, no fetches, only the inline stylesheet and data: images.
const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:";

export function ReportDocument(props: { ctx: ReportContext; title: string; children: ReactNode }): ReactNode {
  return (
    <html lang={props.ctx.meta.lang}>
      <head>
        <meta charSet="utf-8" />
        <meta httpEquiv="Content-Security-Policy" content={REPORT_CSP} />
        <title>{props.title}</title>
        <style dangerouslySetInnerHTML={{ __html: REPORT_CSS }} />
      </head>
      <body>{props.children}</body>
    </html>
  );
}

export function TopBlock(props: { ctx: ReportContext; title: string; subtitle?: ReactNode; right?: ReactNode }): ReactNode {
  const { s, f, meta } = props.ctx;
  return (
    <header className="top">
      <div>
        <h1>{props.title}</h1>
        {props.subtitle === undefined ? null : <div>{props.subtitle}</div>}
      </div>
      <div className="meta">
        <div>
          {s.t('station')}: <strong>{orDash(meta.station, s.t('dash'))}</strong>
        </div>
        <div>
          {s.t('printed')}: {f.instant(meta.printedAt)}
        </div>
        <div className="muted">
          Optic Bench {meta.appVersion}
        </div>
        {props.right}
      </div>
    </header>
  );
}

/** A status as symbol + word, coloured as a third cue only: it must survive a monochrome printer. */
export function StatusMark(props: { status: VerdictStatus | OverallVerdict | IntegrityStatus; label: string }): ReactNode {
  return (
    <span className={`status status-${props.status}`}>
      {STATUS_SYMBOL[props.status]} {props.label}
    </span>
  );
}

export function KeyValues(props: { rows: Array<[string, ReactNode]>; testId?: string }): ReactNode {
  return (
    <table className="kv" data-testid={props.testId}>
      <tbody>
        {props.rows.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "" and null both print as a dash: an empty vendor field must not look like a missing row. */
export function orDash(v: string | null | undefined, dash = '—'): string {
  return v === null || v === undefined || v.trim() === '' ? dash : v;
}
