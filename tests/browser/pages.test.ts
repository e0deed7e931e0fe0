// The kiosk pages in real headless Chromium (Debian's), against a whole daemon on loopback: manual
// search with the parser's messages, the technician
// page following a scanner unplugged and replugged, and the report page's XLSX download.

import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import t from 'tap';
import { ARTIFACTS, browserRequirement, launch, watchErrors } from '../helpers/browser.ts';
import { startTestDaemon } from '../helpers/daemon.ts';
import { until } from '../helpers/wait.ts';
import type { PhuLuc03 } from '../../daemon/src/reports/phu-luc-03.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';
const needs = browserRequirement;

t.test('manual search: F2, precise messages while typing, Enter, Esc, name + DOB for a new number, English', needs(), async (t) => {
  const d = await startTestDaemon(t);
  const browser = await launch();
  t.teardown(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const errors = watchErrors(page);
  await page.goto(d.url);
  await page.waitForSelector('#conn[data-state="online"]');

  await page.keyboard.press('F2');
  t.equal(await page.evaluate(() => document.activeElement?.id), 'q', 'F2 puts the cursor in the search box');
  await page.keyboard.type('0010 8901 234');
  await page.waitForFunction(() => document.querySelector('#q-hint')?.getAttribute('data-state') === 'error');
  t.match(await page.textContent('#q-hint'), /Số định danh có 12 chữ số, CMND cũ 9, mã số BHXH 10/, 'the parser’s own message, while typing');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#patient')?.getAttribute('data-state') === 'error');
  t.match(await page.textContent('#scan-error'), /12 chữ số.*\(searchDigitCount\)/);
  t.equal(await page.getAttribute('body', 'data-sound'), 'error', 'an error tone');
  await page.keyboard.press('Escape');
  t.equal(await page.inputValue('#q'), '', 'Esc clears the box');

  await page.keyboard.press('F2');
  await page.keyboard.type('079190000123');
  await page.waitForFunction(() => document.querySelector('#q-hint')?.getAttribute('data-state') === 'ok');
  t.match(await page.textContent('#q-hint'), /Số định danh cá nhân/);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#details:not([hidden])');
  t.match(await page.textContent('#q-hint'), /nhập thêm họ tên và ngày sinh/);
  t.equal(await page.evaluate(() => document.activeElement?.id), 'd-name', 'the cursor moves to the name');
  await page.keyboard.type('Trần Thị Bình');
  await page.keyboard.press('Tab');
  await page.keyboard.type('02/01/1990');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#p-name')?.textContent === 'Trần Thị Bình');
  t.equal(await page.textContent('#p-kind'), 'Nhập tay');
  t.equal(await page.getAttribute('#patient', 'data-source'), 'search');
  t.equal(await page.getAttribute('body', 'data-sound'), 'success');
  await page.waitForFunction(() => !['pending', 'none'].includes((document.querySelector('#eligibility') as HTMLElement).dataset['outcome'] ?? ''));
  t.pass('the search went through the eligibility check');
  await page.screenshot({ path: join(ARTIFACTS, 'reception-search-1366x768.png') });

  await page.click('#lang');
  t.equal(await page.textContent('h1'), 'Patient reception', 'English on demand');
  t.match(await page.getAttribute('#q', 'placeholder'), /ID number/);
  t.match(await page.textContent('#p-sex'), 'Female');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: join(ARTIFACTS, 'reception-search-en-10inch.png') });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  t.equal(overflow, false, 'no horizontal scrolling on a 10-inch 1280×800 screen');
  t.same(errors, []);
});

t.test('technician page: offline when the PTY is unplugged, online after replug; test read; status with a reason', needs(), async (t) => {
  // desk2: a real (configured) scanner whose port is missing; simulators asked for beside it. Only a
  // real scanner is equipment with a status; the simulated one is not in the inventory.
  const d = await startTestDaemon(t, {
    config: { scanners: [{ id: 'desk2', path: '/dev/does-not-exist-ttyACM9' }], simulators: { enabled: true, gateway: { latencyMs: 0 } } },
  });
  const browser = await launch();
  t.teardown(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const errors = watchErrors(page);
  await page.goto(`${d.url}/tech`);
  const row = 'tr[data-device="sim-1"]';
  await page.waitForSelector(`${row}[data-power="online"]`);
  await fetch(`${d.url}/api/simulators/sim-1/unplug`, { method: 'POST' });
  await page.waitForSelector(`${row}[data-power="offline"]`);
  t.match(await page.textContent(`${row} td[data-level]`), /Mất kết nối máy quét/);
  await page.screenshot({ path: join(ARTIFACTS, 'tech-offline.png') });
  await fetch(`${d.url}/api/simulators/sim-1/replug`, { method: 'POST' });
  await page.waitForSelector(`${row}[data-power="online"]`);
  t.pass('offline after unplug, online again after replug');

  await page.click(`${row} .test-btn`);
  await page.waitForFunction(() => document.querySelector('tr[data-device="sim-1"]')?.textContent?.includes('ĐỌC THỬ'));
  await page.click(`${row} .details-btn`);
  await d.wiring.simScanners[0]!.scan('GARBAGE 1234567890');
  await page.waitForSelector('#reads tbody tr[data-ok="false"]');
  const testRead = await page.textContent('#reads tbody tr');
  t.match(testRead, /đọc thử · ✗ notCccd.*1 field: 18 digit\+latin\+space/, 'the structure of the test read: one field, its length and character classes');
  t.notMatch(testRead, /GARBAGE|1234567890|4741524241474520/, 'never its text or bytes (a rejected read may be a real card read badly)');
  t.equal(await d.daemon.repo.countEvents(), 0, 'a test read is not counted as a patient');
  await d.wiring.simScanners[0]!.scan(AN);
  await page.waitForFunction(() => document.querySelectorAll('#reads tbody tr').length === 2);
  t.notMatch(await page.textContent('body'), /Nguyễn Văn An|001089012345/, 'the technician never sees a patient’s name or full ID');

  await page.click('tr[data-device="desk2"] .details-btn');
  await page.selectOption('#status-value', 'notWorking');
  await page.click('#status-form button[type="submit"]');
  await page.waitForFunction(() => document.querySelector('#status-msg')?.getAttribute('data-state') === 'error');
  t.match(await page.textContent('#status-msg'), /Cần ghi lý do/);
  await page.fill('#status-reason', 'Đèn đọc yếu, gửi bảo hành');
  await page.click('#status-form button[type="submit"]');
  // desk2 was never online, so telemetry already says notWorking: wait for the technician's reason.
  await page.waitForFunction(() => document.querySelector('tr[data-device="desk2"] td[data-status]')?.textContent?.includes('Đèn đọc yếu'));
  t.equal(await page.getAttribute('tr[data-device="desk2"] td[data-status]', 'data-status'), 'notWorking');
  t.match(await page.textContent('tr[data-device="desk2"] td[data-status]'), /Không đáp ứng — Đèn đọc yếu, gửi bảo hành/);
  await page.screenshot({ path: join(ARTIFACTS, 'tech-status.png') });
  t.same(
    errors.filter((e) => !/status of 400/.test(e)),
    [],
    'no page errors (the refused save is an expected 400)',
  );
});

t.test('report page: the table, a daily chart, and an XLSX download', browserRequirement(), async (t) => {
  // Webcam reads, not the simulated scanner: a simulator's reads never reach the district report.
  const d = await startTestDaemon(t, { config: { simulators: { scanners: [], gateway: { latencyMs: 0 } } } });
  for (const p of [AN, AN, 'not a card'])
    await fetch(`${d.url}/api/camera`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ desk: 'desk-1', text: p }) });
  await fetch(`${d.url}/api/search`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ desk: 'desk-1', query: '001089012345' }),
  });
  // A read is a success once its lookup answered (issue #16): wait for the answers, not just the reads.
  await until(async () => ((await (await fetch(`${d.url}/api/reports/phu-luc-03?format=json`)).json()) as PhuLuc03).rows[0]!.successes === 3, 5000);
  const browser = await launch();
  t.teardown(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
  const errors = watchErrors(page);
  await page.goto(`${d.url}/reports`);
  await page.waitForFunction(() => document.body.dataset['loaded'] !== undefined);
  await page.waitForFunction(() => document.querySelector('#report tr.total td[data-col="accesses"]')?.textContent === '4');
  t.same(
    await page.$$eval('#report tr.total td', (tds) => tds.slice(2, 7).map((td) => td.textContent)),
    ['4', '3', '1', '3', '1'],
    'total: 4 accesses = 3 scans + 1 search; 3 successes, 1 error',
  );
  t.match(await page.textContent('#report thead'), /Tổng lượt truy cập.*Số lượt quét thẻ.*Số lượt tìm kiếm.*Lượt thành công.*Lỗi/);
  const bars = await page.$$eval('#chart-svg rect.scans', (rects) => rects.map((r) => Number(r.getAttribute('data-value'))));
  t.equal(
    bars.reduce((a, b) => a + b, 0),
    3,
    'the chart plots the three scans',
  );
  await page.selectOption('#chart-device', 'manual@desk-1');
  const searches = await page.$$eval('#chart-svg rect.searches', (rects) => rects.map((r) => Number(r.getAttribute('data-value'))));
  t.equal(
    searches.reduce((a, b) => a + b, 0),
    1,
    'one device at a time',
  );
  await page.screenshot({ path: join(ARTIFACTS, 'reports.png'), fullPage: true });

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#dl-xlsx')]);
  t.match(download.suggestedFilename(), /^phu-luc-03_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.xlsx$/);
  const file = join(await mkdtemp(join(tmpdir(), 'tiepnhan-dl-')), 'r.xlsx');
  await download.saveAs(file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(await readFile(file)).buffer);
  const ws = wb.worksheets[0]!;
  t.equal(ws.getRow(4).getCell(3).value, 'Tổng lượt truy cập');
  t.equal(ws.getRow(5).getCell(3).value, 4, 'the downloaded workbook has the same total');

  // Without dates the page shows the running reporting period (from the 10th); it cannot be submitted yet.
  const period = await page.evaluate(() => [
    (document.getElementById('from') as HTMLInputElement).value,
    (document.getElementById('to') as HTMLInputElement).value,
  ]);
  t.ok(period[0]!.endsWith('-10') && period[0]! <= period[1]!, `running period ${period.join('..')}`);
  await page.fill('#submitted-by', 'Nguyễn Thị Hoa');
  await page.click('#submit-report');
  await page.waitForFunction(() => document.querySelector('#period-msg')?.getAttribute('data-state') === 'error');
  t.match(await page.textContent('#period-msg'), /chưa kết thúc/, 'a period still running cannot be submitted');
  t.same(
    errors.filter((e) => !/status of 409/.test(e)),
    [],
    'no page errors (the refused submission is an expected 409)',
  );
});
