// The district report over HTTP (the same routes on a site and on the hub), through Fastify's inject:
// which period a query names, the formats with their content type, file name and (for the printable
// page) its own strict policy and notices; submitting a closed period keeps the copy exactly, an open
// one is refused with 409 REPORT_PERIOD_OPEN; a kept copy comes back byte for byte and is compared
// with the figures now. Refusals carry their stable code and Vietnamese/English text.

import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import t, { type Test } from 'tap';
import { installErrorHandling } from '../../../../daemon/src/http/errors.ts';
import { createLogger } from '../../../../daemon/src/log.ts';
import { buildPhuLuc03 } from '../../../../daemon/src/reports/phu-luc-03.ts';
import { DEFAULT_PERIOD_CONFIG } from '../../../../daemon/src/reports/period-config.ts';
import { REPORT_PAGE_CSP, reportRoutes } from '../../../../daemon/src/reports/report-routes.ts';
import { SubmissionStore } from '../../../../daemon/src/reports/submissions.ts';
import type { FacilityInventory, ReportSource, StationCounts } from '../../../../daemon/src/reports/types.ts';
import { Db } from '../../../../daemon/src/storage/db.ts';
import { migrate } from '../../../../daemon/src/storage/migrations.ts';
import { sqlClientOf } from '../../../../daemon/src/storage/sql-client.ts';

const FACILITY: FacilityInventory = {
  id: 'D1',
  name: 'Trung tâm Y tế huyện Bình Sơn',
  province: 'Quảng Ngãi',
  sector: 'public',
  tier: 'district',
  order: 1,
  stations: [{ id: 'main', name: 'main', kind: 'facility', desks: [], scanners: [], needed: 1, neededReason: null }],
};

/** 11 December 2026, 10:00 in Vietnam: the November period (10/11–09/12) has just closed, due on the 12th. */
const NOW = new Date('2026-12-11T03:00:00Z');

async function setup(t: Test, opts: { firstDay?: string | null; extraNotices?: string } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-'));
  const db = await Db.open(join(dir, 'tiepnhan.sqlite'));
  await migrate(db);
  const submissions = new SubmissionStore(sqlClientOf(db));
  const state = { scans: 2199, built: [] as string[], submitted: 0 };
  const source: ReportSource = {
    facilities: async () => [FACILITY],
    stationTotals: async (): Promise<StationCounts[]> => [
      { facilityId: 'D1', stationId: 'main', scans: state.scans, searches: 0, successes: state.scans, errors: 0 },
    ],
  };
  const app = Fastify({ logger: false, ajv: { customOptions: { removeAdditional: false } } });
  installErrorHandling(app, createLogger('silent'), () => {});
  await app.register((a) =>
    reportRoutes(a, {
      build: (from, to) => {
        state.built.push(`${from}..${to}`);
        return buildPhuLuc03(source, { from, to, cumulativeSince: '2022-12-10', now: NOW, periodConfig: DEFAULT_PERIOD_CONFIG });
      },
      now: () => NOW,
      periods: DEFAULT_PERIOD_CONFIG,
      submissions,
      callerId: (req) => String(req.headers['x-caller'] ?? 'local'),
      firstDay: async () => (opts.firstDay === undefined ? '2026-10-01' : opts.firstDay),
      onSubmitted: async () => {
        state.submitted++;
      },
      ...(opts.extraNotices !== undefined ? { extraNotices: async (from: string, to: string) => `${opts.extraNotices} ${from}..${to}` } : {}),
    }),
  );
  await app.ready();
  t.teardown(async () => {
    await app.close();
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });
  return { app, state, submissions };
}

/** A refusal's body (daemon/src/api/errors.ts). */
type ErrorBody = { error: { code: string; vi: string; en: string } };
/** What changed in a report since it was submitted. */
type Diff = { differences: Array<{ row: string; column: string; submitted: number; now: number }> };
const URL_ = '/api/reports/phu-luc-03';

t.test('which period a query names', async (t) => {
  const { app, state } = await setup(t);
  const cases: Array<[string, string]> = [
    ['', '2026-12-10..2026-12-11'],
    ['?period=2026-11', '2026-11-10..2026-12-09'],
    ['?period=2026-12', '2026-12-10..2027-01-09'],
    ['?from=2026-01-01&to=2026-01-31', '2026-01-01..2026-01-31'],
    ['?from=2026-12-01', '2026-12-01..2026-12-11'],
  ];
  for (const [query, built] of cases) {
    const res = await app.inject({ url: `${URL_}${query}` });
    t.equal(res.statusCode, 200, query || 'no dates: the running period');
    t.equal(res.headers['content-type'], 'application/json; charset=utf-8', 'JSON by default');
    t.equal(state.built.at(-1), built, query || 'no dates');
    t.same(res.json<{ period: unknown }>().period, { from: built.slice(0, 10), to: built.slice(12) });
  }
});

t.test('a bad period is refused with its code and both languages, and builds nothing', async (t) => {
  const { app, state } = await setup(t);
  const cases: Array<[string, RegExp]> = [
    ['?period=2026-13', /YYYY-MM/],
    ['?period=2026-11&from=2026-11-10', /--period.*--from/],
    ['?from=2026-02-30', /YYYY-MM-DD/],
    ['?from=2026-12-09&to=2026-12-01', /2026-12-09/],
  ];
  for (const [query, en] of cases) {
    const res = await app.inject({ url: `${URL_}${query}` });
    t.equal(res.statusCode, 400, query);
    const { error } = res.json<{ error: { code: string; vi: string; en: string } }>();
    t.equal(error.code, 'REPORT_PERIOD_INVALID', query);
    t.ok(error.vi.length > 0 && /[ạảãàáâậầấẩẫăắằặẳẵđêềếểễệôồốổỗộơờớởỡợưừứửữự]/i.test(error.vi), `${query}: Vietnamese text`);
    t.match(error.en, en, `${query}: English text`);
  }
  for (const query of ['?format=pdf', '?period=2026-11&extra=1', '?from=2026-01-01T00:00']) {
    const res = await app.inject({ url: `${URL_}${query}` });
    t.equal(res.statusCode, 400, query);
    t.equal(res.json<ErrorBody>().error.code, 'BAD_REQUEST', `${query}: refused by the schema`);
  }
  t.same(state.built, [], 'no report was built for a refused query');
});

t.test('csv and xlsx come as named attachments; md and txt as text', async (t) => {
  const { app } = await setup(t);
  const csv = await app.inject({ url: `${URL_}?period=2026-11&format=csv` });
  t.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
  t.equal(csv.headers['content-disposition'], 'attachment; filename="phu-luc-03_2026-11-10_2026-12-09.csv"');
  t.ok(csv.body.startsWith('\uFEFFSTT,'), 'the CSV with its BOM');
  const xlsx = await app.inject({ url: `${URL_}?period=2026-11&format=xlsx` });
  t.equal(xlsx.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  t.equal(xlsx.headers['content-disposition'], 'attachment; filename="phu-luc-03_2026-11-10_2026-12-09.xlsx"');
  t.equal(xlsx.rawPayload.subarray(0, 2).toString('latin1'), 'PK');
  const txt = await app.inject({ url: `${URL_}?period=2026-11&format=txt` });
  t.equal(txt.headers['content-type'], 'text/plain; charset=utf-8');
  t.equal(txt.headers['content-disposition'], undefined);
  t.match(txt.body, /2\.199 lượt/);
});

t.test('the printable page: its own policy with no script, and the reminder while the closed period is due', async (t) => {
  const { app } = await setup(t, { extraNotices: '<p class="notice hub">units</p>' });
  const res = await app.inject({ url: `${URL_}?format=html` });
  t.equal(res.headers['content-type'], 'text/html; charset=utf-8');
  t.equal(res.headers['content-security-policy'], REPORT_PAGE_CSP);
  t.match(REPORT_PAGE_CSP, "default-src 'none'");
  t.notMatch(REPORT_PAGE_CSP, 'script-src', 'no script source allowed at all');
  t.match(res.body, '<p class="notice reminder" data-overdue="false">Cần nộp báo cáo kỳ 10/11/2026–09/12/2026 trước hết ngày 12/12/2026');
  t.match(res.body, '<p class="notice hub">units</p> 2026-12-10..2026-12-11', 'the caller’s extra notices, for the period shown');
  t.equal((await app.inject({ url: `${URL_}?format=json` })).headers['content-security-policy'], undefined, 'only the page gets that policy');
});

t.test('no reminder on a new install that counted nothing yet', async (t) => {
  const { app } = await setup(t, { firstDay: null });
  const res = await app.inject({ url: `${URL_}?format=html` });
  t.notMatch(res.body, 'notice reminder');
});

t.test('submitting: an open period is refused; a closed one is kept, listed and returned byte for byte', async (t) => {
  const { app, state } = await setup(t);
  const open = await app.inject({ method: 'POST', url: `${URL_}/submissions`, payload: { submittedBy: 'Nguyễn Thị Hoa' } });
  t.equal(open.statusCode, 409);
  t.same(open.json(), {
    error: {
      code: 'REPORT_PERIOD_OPEN',
      vi: 'Kỳ báo cáo chưa kết thúc (đến hết ngày 2026-12-11).',
      en: 'The period has not ended yet (it runs to 2026-12-11).',
    },
  });
  const dec = await app.inject({ method: 'POST', url: `${URL_}/submissions`, payload: { period: '2026-12', submittedBy: 'Hoa' } });
  t.equal(dec.statusCode, 409, 'a period ending in the future is open too');
  const badPeriod = await app.inject({ method: 'POST', url: `${URL_}/submissions`, payload: { period: '11/2026', submittedBy: 'Hoa' } });
  t.equal(badPeriod.json<ErrorBody>().error.code, 'REPORT_PERIOD_INVALID');
  for (const payload of [{ period: '2026-11' }, { period: '2026-11', submittedBy: '' }, { period: '2026-11', submittedBy: 'Hoa', note: 'x' }]) {
    const res = await app.inject({ method: 'POST', url: `${URL_}/submissions`, payload });
    t.equal(res.json<ErrorBody>().error.code, 'BAD_REQUEST', JSON.stringify(payload));
  }
  t.equal(state.submitted, 0, 'nothing submitted so far');

  const res = await app.inject({
    method: 'POST',
    url: `${URL_}/submissions`,
    headers: { 'x-caller': 'admin-1' },
    payload: { period: '2026-11', submittedBy: 'Nguyễn Thị Hoa' },
  });
  t.equal(res.statusCode, 201);
  const kept = res.json<{ id: string; from: string; to: string; submittedBy: string; submittedAt: string; checksum: string; totals: { accesses: number } }>();
  t.match(kept, { from: '2026-11-10', to: '2026-12-09', submittedBy: 'Nguyễn Thị Hoa (admin-1)', submittedAt: NOW.toISOString(), totals: { accesses: 2199 } });
  t.equal(state.submitted, 1, 'the health reminder is told');

  const list = await app.inject({ url: `${URL_}/submissions` });
  t.same(
    list.json<Array<{ id: string }>>().map((s) => s.id),
    [kept.id],
  );
  const copy = await app.inject({ url: `${URL_}/submissions/${kept.id}` });
  t.match(copy.json(), {
    submission: { id: kept.id },
    report: { period: { from: '2026-11-10', to: '2026-12-09' }, rows: [{ label: 'Tổng cộng', accesses: 2199 }] },
  });
  const xlsx = await app.inject({ url: `${URL_}/submissions/${kept.id}?format=xlsx` });
  t.equal(xlsx.headers['content-disposition'], 'attachment; filename="phu-luc-03_2026-11-10_2026-12-09.xlsx"');
  t.equal(createHash('sha256').update(xlsx.rawPayload).digest('hex'), kept.checksum, 'the XLSX exactly as submitted');

  for (const url of [`${URL_}/submissions/nope`, `${URL_}/submissions/nope/diff`]) {
    const missing = await app.inject({ url });
    t.equal(missing.statusCode, 404, url);
    t.same(missing.json(), { error: { code: 'SUBMISSION_NOT_FOUND', vi: 'Không có bản báo cáo đã nộp này.', en: 'No such submitted report.' } });
  }
});

t.test('after a submission: what changed since is listed, on its own and on the printable page', async (t) => {
  const { app, state } = await setup(t);
  const kept = (await app.inject({ method: 'POST', url: `${URL_}/submissions`, payload: { period: '2026-11', submittedBy: 'Hoa' } })).json<{
    id: string;
    checksum: string;
  }>();
  t.same((await app.inject({ url: `${URL_}/submissions/${kept.id}/diff` })).json<Diff>().differences, [], 'unchanged so far');

  state.scans = 2210; // late answers and pushes after the submission
  const diff = await app.inject({ url: `${URL_}/submissions/${kept.id}/diff` });
  t.same(
    diff.json<Diff>().differences.filter((d) => d.row === 'Trung tâm Y tế huyện Bình Sơn'),
    ['accesses', 'scans', 'successes', 'cumulative'].map((column) => ({
      row: 'Trung tâm Y tế huyện Bình Sơn',
      facilityId: 'D1',
      column,
      submitted: 2199,
      now: 2210,
    })),
  );
  const page = (await app.inject({ url: `${URL_}?period=2026-11&format=html` })).body;
  t.match(page, `SHA-256 ${kept.checksum}`);
  t.match(page, '<td>Trung tâm Y tế huyện Bình Sơn</td><td>accesses</td><td>2.199</td><td>2.210</td>');
  t.notMatch(page, 'notice reminder', 'the submitted period is no longer due');
  const copy = await app.inject({ url: `${URL_}/submissions/${kept.id}` });
  t.equal(copy.json<{ report: { rows: Array<{ accesses: number }> } }>().report.rows[0]?.accesses, 2199, 'the kept copy is never written over');
});
