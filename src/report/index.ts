// The standalone report's public surface: pure string rendering, used by the studio
// (download) and the headless runner (--report), so both produce the same file.
export { renderReportHtml } from './render-report-html';
export type { ReportInput } from './render-report-html';
export { buildReportHtml, REPORT_TRACE_OVERRIDE } from './build-report-html';
export type { BuildReportOptions, BuiltReport } from './build-report-html';
export { escapeHtml, html } from './escape-html';
