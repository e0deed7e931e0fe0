// One report, six formats (the CLI's --format and the API's ?format=): each gives its own bytes, the
// content type a browser or spreadsheet needs to open it, and a file name that says the period.
// Hospital scripts choose by these names: json, csv, html, xlsx, md, txt.

import t from 'tap';
import { buildPhuLuc03, type PhuLuc03 } from '../../../../daemon/src/reports/phu-luc-03.ts';
import { CONTENT_TYPES, REPORT_FORMATS, renderReport, reportFileName } from '../../../../daemon/src/reports/render.ts';
import { renderCsv } from '../../../../daemon/src/reports/render-csv.ts';
import { renderNarrative } from '../../../../daemon/src/reports/render-narrative.ts';
import type { ReportSource } from '../../../../daemon/src/reports/types.ts';

async function report(): Promise<PhuLuc03> {
  const src: ReportSource = {
    facilities: async () => [
      {
        id: 'D1',
        name: 'Trung tâm Y tế huyện Tư Nghĩa',
        province: '',
        sector: 'public',
        tier: 'district',
        order: 6,
        stations: [{ id: 'main', name: 'main', kind: 'facility', desks: [], scanners: [], needed: 0, neededReason: null }],
      },
    ],
    stationTotals: async () => [{ facilityId: 'D1', stationId: 'main', scans: 2632, searches: 0, successes: 2632, errors: 0 }],
  };
  return buildPhuLuc03(src, { from: '2026-11-10', to: '2026-12-09', cumulativeSince: '2022-12-10', now: new Date('2026-12-10T01:00:00Z') });
}

t.test('the formats scripts ask for, each with its content type', async (t) => {
  t.same([...REPORT_FORMATS].sort(), ['csv', 'html', 'json', 'md', 'txt', 'xlsx']);
  t.same(CONTENT_TYPES, {
    json: 'application/json; charset=utf-8',
    csv: 'text/csv; charset=utf-8',
    html: 'text/html; charset=utf-8',
    xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    md: 'text/markdown; charset=utf-8',
    txt: 'text/plain; charset=utf-8',
  });
});

t.test('each format renders the same report', async (t) => {
  const r = await report();
  const json = await renderReport(r, 'json');
  t.same(JSON.parse(json.toString('utf8')), r, 'json: the whole report, as the API returns it');
  t.ok(json.toString('utf8').endsWith('}\n'));
  t.equal((await renderReport(r, 'csv')).toString('utf8'), renderCsv(r));
  t.equal((await renderReport(r, 'md')).toString('utf8'), renderNarrative(r, 'md'));
  t.equal((await renderReport(r, 'txt')).toString('utf8'), renderNarrative(r, 'txt'));
  const html = (await renderReport(r, 'html', '<p class="notice">đã nộp</p>')).toString('utf8');
  t.match(html, /<td class="label">Trung tâm Y tế huyện Tư Nghĩa<\/td><td class="accesses">2\.632<\/td>/);
  t.match(html, '<p class="notice">đã nộp</p>', 'notices reach the printable page');
  const xlsx = await renderReport(r, 'xlsx');
  t.equal(xlsx.subarray(0, 4).toString('latin1'), 'PK\u0003\u0004', 'xlsx: a zip package');
});

t.test('the file name says the period and the format', async (t) => {
  const r = await report();
  for (const f of REPORT_FORMATS) t.equal(reportFileName(r, f), `phu-luc-03_2026-11-10_2026-12-09.${f}`);
});
