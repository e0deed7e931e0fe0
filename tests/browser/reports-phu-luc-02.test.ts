// Phụ lục 2 on the /reports page (#29) in headless Chromium, against a whole daemon whose gateway is
// a gateway simulator on its own port with the default credentials (an account: "Cấp tài khoản" RỒI):
// the seed's two heading rows with two periods side by side, the unit RỒI / RỒI, the TỔNG SỐ row,
// the tier summary, the downloads, and Phụ lục 03 still first on the page.

import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { PhuLuc02 } from '../../daemon/src/api/phu-luc-02.ts';
import { parseCsv } from '../../daemon/src/reports/render-csv.ts';
import { createGatewaySim } from '../../simulators/src/gateway/gateway-app.ts';
import { ARTIFACTS, browserRequirement, launch, watchErrors } from '../helpers/browser.ts';
import { startTestDaemon } from '../helpers/daemon.ts';
import { until } from '../helpers/wait.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';

t.test('report page: Phụ lục 2 with the seed’s headings, two periods, TỔNG SỐ, the tiers and its downloads', browserRequirement(), async (t) => {
  const sim = createGatewaySim({ seed: 1, populationSize: 100 });
  const gatewayUrl = await sim.app.listen({ host: '127.0.0.1', port: 0 });
  t.teardown(() => sim.app.close());
  const d = await startTestDaemon(t, {
    config: { facility: { id: '46001', name: 'Trung tâm Y tế huyện Sơn Tịnh', kind: 'hospital' }, gateway: { url: gatewayUrl, timeoutMs: 15000 } },
  });
  for (const text of [AN, AN])
    await fetch(`${d.url}/api/camera`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ desk: 'desk-1', text }) });
  await until(async () => (((await (await fetch(`${d.url}/api/reports/phu-luc-02`)).json()) as PhuLuc02).total.periods[1]?.success ?? 0) >= 2, 15_000);

  const browser = await launch();
  t.teardown(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
  const errors = watchErrors(page);
  await page.goto(`${d.url}/reports`);
  await page.waitForFunction(() => document.getElementById('phu-luc-02')?.dataset['loaded'] !== undefined);
  await page.waitForSelector('#report tr.total');
  t.ok(
    await page.evaluate(() => (document.getElementById('report')!.compareDocumentPosition(document.getElementById('p2-report')!) & 4) !== 0),
    'Phụ lục 03 first, as before; Phụ lục 2 below it',
  );

  const head = await page.$$eval('#p2-report thead tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('th'), (th) => th.textContent)));
  t.same(head[0]!.slice(0, 4), ['STT', 'Đơn vị', 'Cấp tài khoản', 'Liên thông'], 'the seed’s columns in the seed’s order');
  t.equal(head[0]!.length, 6, 'two periods side by side');
  for (const h of head[0]!.slice(4)) t.match(h, /^Tính từ ngày \d{2}\/\d{2}\/\d{4} đến ngày \d{2}\/\d{2}\/\d{4}$/);
  t.same(head[1], ['Tổng liên thông', 'Thành công', 'Lỗi', 'Tổng liên thông', 'Thành công', 'Lỗi']);

  const body = await page.$$eval('#p2-report tbody tr', (trs) =>
    trs.map((tr) => ({ total: tr.className === 'total', cells: Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '') })),
  );
  t.equal(body.length, 2, 'the site’s unit and TỔNG SỐ');
  t.same(body[0]!.cells.slice(0, 4), ['1', 'Trung tâm Y tế huyện Sơn Tịnh', 'RỒI', 'RỒI']);
  t.ok(Number(body[0]!.cells[8]) >= 2, `the two card checks answered in the running period (${body[0]!.cells[8]})`);
  t.same(body[1]!.cells.slice(0, 4), ['', 'TỔNG SỐ', '1', '1'], 'TỔNG SỐ counts the units marked RỒI');
  t.ok(body[1]!.total, 'bold as the seed’s total row');
  t.same(
    await page.$$eval('#p2-tiers tbody tr[data-kind="hospital"] td', (tds) => tds.map((td) => td.textContent)),
    ['TTYT / bệnh viện', '1', '1', '100'],
    'the tier summary: count and percentage',
  );
  await page.screenshot({ path: join(ARTIFACTS, 'reports-phu-luc-02.png'), fullPage: true });

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#p2-dl-csv')]);
  t.match(download.suggestedFilename(), /^phu-luc-02_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
  const file = join(await mkdtemp(join(tmpdir(), 'tiepnhan-dl-')), 'r.csv');
  await download.saveAs(file);
  const csv = parseCsv(await readFile(file, 'utf8'));
  t.same(csv[0]!.slice(0, 4), ['STT', 'Đơn vị', 'Cấp tài khoản', 'Liên thông']);
  t.equal(csv[2]![1], 'TỔNG SỐ', 'the downloaded CSV has the same TỔNG SỐ row');
  for (const f of ['xlsx', 'json', 'html'])
    t.match(await page.getAttribute(`#p2-dl-${f}`, 'href'), new RegExp(`^/api/reports/phu-luc-02\\?from=.*&from2=.*&format=${f}$`));

  // One period typed: one group of columns.
  const to = await page.inputValue('#p2-to2');
  await page.fill('#p2-from', to);
  await page.fill('#p2-to', to);
  await page.fill('#p2-from2', '');
  await page.fill('#p2-to2', '');
  await page.click('#p2-period button[type="submit"]');
  await page.waitForFunction((day) => document.getElementById('phu-luc-02')?.dataset['loaded'] === `${day}..${day}`, to);
  t.equal(await page.$$eval('#p2-report thead tr:first-child th', (ths) => ths.length), 5, 'one period: one group');
  t.same(errors, []);
});
