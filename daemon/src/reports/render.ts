import type { PhuLuc03 } from './phu-luc-03.ts';
import { renderCsv } from './render-csv.ts';
import { renderHtml } from './render-html.ts';
import { renderNarrative } from './render-narrative.ts';

export const REPORT_FORMATS = ['json', 'csv', 'html', 'xlsx', 'md', 'txt'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  md: 'text/markdown; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};

/** `notices`: trusted HTML for the printable page only (see report-notices.ts). */
export async function renderReport(report: PhuLuc03, format: ReportFormat, notices = ''): Promise<Buffer> {
  switch (format) {
    case 'json':
      return Buffer.from(JSON.stringify(report, null, 2) + '\n');
    case 'csv':
      return Buffer.from(renderCsv(report));
    case 'html':
      return Buffer.from(renderHtml(report, notices));
    case 'md':
    case 'txt':
      return Buffer.from(renderNarrative(report, format));
    case 'xlsx':
      // exceljs is the heaviest module the daemon has: loaded on the first XLSX asked for, not at start.
      return (await import('./render-xlsx.ts')).renderXlsx(report);
  }
}

export function reportFileName(report: PhuLuc03, format: ReportFormat): string {
  return `phu-luc-03_${report.period.from}_${report.period.to}.${format}`;
}
