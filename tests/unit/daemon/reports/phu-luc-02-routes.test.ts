// Phụ lục 2 over HTTP (the same route on a site and on the hub), through Fastify's inject: which
// periods a query names (none: previous and running; from/to and from2/to2 side by side), JSON and
// CSV with its file name, and a bad date refused with REPORT_PERIOD_INVALID in Vietnamese and English.

import Fastify from 'fastify';
import t, { type Test } from 'tap';
import { installErrorHandling } from '../../../../daemon/src/http/errors.ts';
import { createLogger } from '../../../../daemon/src/log.ts';
import { buildPhuLuc02, type PhuLuc02 } from '../../../../daemon/src/reports/phu-luc-02.ts';
import { phuLuc02Routes } from '../../../../daemon/src/reports/phu-luc-02-routes.ts';

/** 7 December 2026, 10:00 in Vietnam. */
const NOW = new Date('2026-12-07T03:00:00Z');

async function setup(t: Test) {
  const asked: string[][] = [];
  const app = Fastify({ logger: false, ajv: { customOptions: { removeAdditional: false } } });
  installErrorHandling(app, createLogger('silent'), () => {});
  await app.register((scoped) =>
    phuLuc02Routes(scoped, {
      build: async (periods) => {
        asked.push(periods.map((p) => `${p.from}..${p.to}`));
        const unit = {
          facilityId: 'D1',
          name: 'TTYT Bình Sơn',
          kind: 'hospital' as const,
          account: true,
          periods: periods.map(() => ({ answered: 2, failed: 1 })),
        };
        return buildPhuLuc02([unit], periods, NOW);
      },
      now: () => NOW,
      periods: { periodStartDay: 10 },
    }),
  );
  t.teardown(() => app.close());
  return { app, asked };
}

t.test('periods, formats and refusals', async (t) => {
  const { app, asked } = await setup(t);
  const json = await app.inject({ url: '/api/reports/phu-luc-02' });
  t.equal(json.statusCode, 200);
  t.equal(json.json<PhuLuc02>().total.periods[1]!.total, 3);
  await app.inject({ url: '/api/reports/phu-luc-02?from=2026-01-01&to=2026-06-30&from2=2026-07-01&to2=2026-12-06' });
  await app.inject({ url: '/api/reports/phu-luc-02?from=2026-11-10' });
  t.same(asked, [['2026-10-10..2026-11-09', '2026-11-10..2026-12-07'], ['2026-01-01..2026-06-30', '2026-07-01..2026-12-06'], ['2026-11-10..2026-12-07']]);
  const csv = await app.inject({ url: '/api/reports/phu-luc-02?format=csv&from=2026-11-10&to=2026-11-30' });
  t.match(csv.headers['content-type'], /^text\/csv/);
  t.equal(csv.headers['content-disposition'], 'attachment; filename="phu-luc-02_2026-11-10_2026-11-30.csv"');
  t.match(csv.body, /TỔNG SỐ,1,1,3,2,1/);
  const bad = await app.inject({ url: '/api/reports/phu-luc-02?from=2026-02-30' });
  t.equal(bad.statusCode, 400);
  const error = bad.json<{ error: { code: string; vi: string } }>().error;
  t.equal(error.code, 'REPORT_PERIOD_INVALID');
  t.match(error.vi, /Ngày không hợp lệ/);
  const xlsx = await app.inject({ url: '/api/reports/phu-luc-02?format=xlsx' });
  t.equal(xlsx.headers['content-disposition'], 'attachment; filename="phu-luc-02_2026-10-10_2026-12-07.xlsx"');
  const html = await app.inject({ url: '/api/reports/phu-luc-02?format=html' });
  t.match(html.headers['content-security-policy'], "default-src 'none'");
  t.match(html.body, 'TỔNG SỐ');
  t.equal((await app.inject({ url: '/api/reports/phu-luc-02?format=md' })).statusCode, 400, 'md is Phụ lục 03 only');
});
