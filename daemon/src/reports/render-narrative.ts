// `--format md|txt`: the report's sentences (seed section II.2) for the district officer's own letter,
// Vietnamese first, then English, then the causes behind "Lỗi".

import type { PhuLuc03 } from './phu-luc-03.ts';

export function renderNarrative(report: PhuLuc03, format: 'md' | 'txt'): string {
  const total = report.rows[0]!;
  const causes = report.breakdownColumns.map((c) => `${c.heading} / ${c.en}: ${total[c.key]}`);
  if (format === 'txt')
    return [report.title, '', ...report.narrative.vi, '', ...report.narrative.en, '', 'Lỗi theo nguyên nhân / errors by cause:', ...causes, ''].join('\n');
  return [
    `# ${report.title}`,
    '',
    ...report.narrative.vi.flatMap((l) => [l, '']),
    '## English',
    '',
    ...report.narrative.en.flatMap((l) => [l, '']),
    '## Lỗi theo nguyên nhân / errors by cause',
    '',
    ...causes.map((c) => `- ${c}`),
    '',
  ].join('\n');
}
