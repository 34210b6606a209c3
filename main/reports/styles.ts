// The print stylesheet embedded in every report document. The page margins are set by the PDF
// options (pdf-options.ts) so the header and footer templates have room; @page here only fixes the
// paper for the system print dialog, which ignores printToPDF's options.
export const REPORT_CSS = `
@page { size: A4; margin: 20mm 14mm 18mm 14mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body {
  margin: 0; color: #111; background: #fff;
  font-family: "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
  font-size: 9.5pt; line-height: 1.35;
}
@media screen { body { max-width: 210mm; margin: 0 auto; padding: 12mm 14mm; } }
h1 { font-size: 16pt; margin: 0 0 2mm; }
h2 { font-size: 11.5pt; margin: 5mm 0 2mm; padding-bottom: 1mm; border-bottom: 0.4mm solid #333; break-after: avoid; page-break-after: avoid; }
.top { display: flex; justify-content: space-between; align-items: flex-start; gap: 6mm; border-bottom: 0.6mm solid #111; padding-bottom: 2mm; margin-bottom: 3mm; }
.top .meta { text-align: right; font-size: 8.5pt; flex-shrink: 0; }
.top .meta div { white-space: nowrap; }
.overall { font-size: 12pt; font-weight: 700; padding: 1.5mm 3mm; border: 0.5mm solid currentColor; display: inline-block; }
section { break-inside: avoid; page-break-inside: avoid; }
section.flow { break-inside: auto; page-break-inside: auto; }
table { width: 100%; border-collapse: collapse; margin: 1mm 0 2mm; }
thead { display: table-header-group; }
tfoot { display: table-footer-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { text-align: left; vertical-align: top; padding: 0.9mm 1.4mm; border-bottom: 0.2mm solid #bbb; }
th { background: #eee; font-weight: 600; border-bottom: 0.4mm solid #555; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.verdicts { font-size: 8.5pt; }
table.lanes { font-size: 8pt; }
table.lanes th[scope='row'] { text-align: left; white-space: nowrap; }
table.verdicts td:last-child { width: 34%; }
table.timeline th:nth-child(1) { width: 22%; }
table.timeline th:nth-child(2), table.timeline th:nth-child(3) { width: 17%; }
table.timeline th:nth-child(4) { width: 12%; }
table.kv th { width: 34%; background: none; border-bottom: 0.2mm solid #bbb; font-weight: 600; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 0 6mm; }
.mono, code { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 8.5pt; overflow-wrap: anywhere; }
.status { font-weight: 700; white-space: nowrap; }
.status-pass { color: #14632b; }
.status-marginal { color: #8a5a00; }
.status-fail { color: #a4161a; }
.status-not-measured, .status-not-applicable { color: #555; }
.status-incomplete, .status-unconfirmed { color: #6b3fa0; }
.status-finding { color: #1f4e8c; }
.callout { border: 0.4mm solid #6b3fa0; padding: 1mm 3mm; margin: 2mm 0; }
.muted { color: #555; }
.small { font-size: 8pt; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; border: 0.2mm solid #bbb; padding: 2mm; }
.signatures { display: grid; grid-template-columns: 1fr 1fr 1fr; gap: 8mm; margin-top: 4mm; }
.signature .line { border-bottom: 0.3mm solid #111; height: 14mm; }
.signature .label { font-weight: 600; margin-top: 1mm; }
.soak-plots { display: grid; grid-template-columns: 1fr 1fr; gap: 2mm 5mm; }
.soak-plot { margin: 0; break-inside: avoid; page-break-inside: avoid; }
.soak-plot figcaption { font-weight: 600; font-size: 8.5pt; }
.soak-plot svg { display: block; }
table.soak-events { font-size: 8pt; }
.signature .sub { display: flex; justify-content: space-between; font-size: 8pt; color: #444; margin-top: 4mm; border-bottom: 0.2mm dotted #777; padding-bottom: 3mm; }
`;
