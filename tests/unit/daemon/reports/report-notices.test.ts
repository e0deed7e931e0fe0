// What the printable report page tells the officer on screen (never printed): a reminder when a closed
// period is still due or overdue, that this period was submitted (when, by whom, the XLSX's SHA-256),
// and every figure that changed since. Who submitted is typed by a person, and unit names come from
// sites: both are text on the page, never markup.

import t from 'tap';
import { reportNotices } from '../../../../daemon/src/reports/report-notices.ts';
import type { Difference, Reminder, Submission } from '../../../../daemon/src/reports/submissions.ts';

const SUBMITTED: Submission = {
  id: '6f1c',
  from: '2026-11-10',
  to: '2026-12-09',
  submittedAt: '2026-12-11T02:00:00.000Z',
  submittedBy: 'Nguyễn Thị Hoa (admin-1)',
  checksum: 'ab'.repeat(32),
  totals: { accesses: 17918, scans: 16752, searches: 1166, successes: 17494, errors: 424 },
};
const due = (overdue: boolean): Reminder => ({ from: '2026-11-10', to: '2026-12-09', submitBy: '2026-12-12', overdue });

t.test('nothing to say: no notice at all', async (t) => {
  t.equal(reportNotices({ submitted: null, diff: [], reminder: null }), '');
});

t.test('a closed period not yet submitted: when it is due, or that it is overdue', async (t) => {
  const soon = reportNotices({ submitted: null, diff: [], reminder: due(false) });
  t.equal(
    soon,
    '<p class="notice reminder" data-overdue="false">Cần nộp báo cáo kỳ 10/11/2026–09/12/2026 trước hết ngày 12/12/2026 / submit the report for 10/11/2026–09/12/2026 by 12/12/2026</p>',
  );
  const late = reportNotices({ submitted: null, diff: [], reminder: due(true) });
  t.equal(
    late,
    '<p class="notice reminder" data-overdue="true">Quá hạn nộp báo cáo kỳ 10/11/2026–09/12/2026 (hạn 12/12/2026) / the report for 10/11/2026–09/12/2026 was due on 12/12/2026 and is not submitted</p>',
  );
});

t.test('a submitted period: when, by whom and its checksum; no list while nothing changed', async (t) => {
  const html = reportNotices({ submitted: SUBMITTED, diff: [], reminder: null });
  t.equal(html, `<p class="notice submitted">Đã nộp / submitted 2026-12-11T02:00:00.000Z — Nguyễn Thị Hoa (admin-1) — SHA-256 ${'ab'.repeat(32)}</p>`);
});

t.test('figures that changed since the submission are listed, numbers written the Vietnamese way', async (t) => {
  const diff: Difference[] = [
    { row: 'Tổng cộng', facilityId: null, column: 'accesses', submitted: 17918, now: 18020 },
    { row: 'Trung tâm Y tế huyện Ba Tơ', facilityId: 'D10', column: 'errors', submitted: 64, now: 60 },
  ];
  const html = reportNotices({ submitted: SUBMITTED, diff, reminder: null });
  t.match(html, 'the figures now differ from the submitted copy (2):');
  t.match(
    html,
    '<tr><td>Tổng cộng</td><td>accesses</td><td>17.918</td><td>18.020</td></tr><tr><td>Trung tâm Y tế huyện Ba Tơ</td><td>errors</td><td>64</td><td>60</td></tr>',
  );
  t.ok(html.indexOf('notice submitted') < html.indexOf('notice diff'), 'the submission first, then what changed');
  t.notMatch(reportNotices({ submitted: null, diff, reminder: due(true) }), 'notice diff', 'no list without a submitted copy');
});

t.test('what a person typed and what a site named is escaped', async (t) => {
  const html = reportNotices({
    submitted: { ...SUBMITTED, submittedBy: '<img src=x onerror=alert(1)> (admin-1)' },
    diff: [{ row: '<script>x</script>', facilityId: 'X', column: 'scans', submitted: 1, now: 2 }],
    reminder: null,
  });
  t.notMatch(html, '<img');
  t.notMatch(html, '<script');
  t.match(html, '&#60;img src=x onerror=alert(1)&#62; (admin-1)');
  t.match(html, '<td>&#60;script&#62;x&#60;/script&#62;</td>');
});
