// What the printable report page tells the officer above the signature line, never printed: whether
// this period was submitted, what changed since, and a reminder when a closed period is still due.

import { escapeHtml } from './render-html.ts';
import { viDate } from './phu-luc-03.ts';
import type { Difference, Reminder, Submission } from './submissions.ts';
import { formatVi } from './number-format.ts';

export function reportNotices(x: { submitted: Submission | null; diff: readonly Difference[]; reminder: Reminder | null }): string {
  const parts: string[] = [];
  if (x.reminder) {
    const r = x.reminder;
    const when = `${viDate(r.from)}–${viDate(r.to)}`;
    const text = r.overdue
      ? `Quá hạn nộp báo cáo kỳ ${when} (hạn ${viDate(r.submitBy)}) / the report for ${when} was due on ${viDate(r.submitBy)} and is not submitted`
      : `Cần nộp báo cáo kỳ ${when} trước hết ngày ${viDate(r.submitBy)} / submit the report for ${when} by ${viDate(r.submitBy)}`;
    parts.push(`<p class="notice reminder" data-overdue="${r.overdue}">${escapeHtml(text)}</p>`);
  }
  if (x.submitted) {
    const s = x.submitted;
    parts.push(
      `<p class="notice submitted">Đã nộp / submitted ${escapeHtml(s.submittedAt)} — ${escapeHtml(s.submittedBy)} — SHA-256 ${escapeHtml(s.checksum)}</p>`,
    );
    if (x.diff.length > 0) {
      const rows = x.diff
        .map((d) => `<tr><td>${escapeHtml(d.row)}</td><td>${escapeHtml(d.column)}</td><td>${formatVi(d.submitted)}</td><td>${formatVi(d.now)}</td></tr>`)
        .join('');
      parts.push(
        `<div class="notice diff"><p>Số liệu hiện nay khác bản đã nộp / the figures now differ from the submitted copy (${x.diff.length}):</p>` +
          `<table><thead><tr><th>Đơn vị / unit</th><th>Cột / column</th><th>Đã nộp / submitted</th><th>Hiện nay / now</th></tr></thead><tbody>${rows}</tbody></table></div>`,
      );
    }
  }
  return parts.join('\n');
}
