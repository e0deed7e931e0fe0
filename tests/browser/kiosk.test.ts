// The self-service kiosk in real Chromium: scan -> department -> ticket 1, the next patient gets 2,
// the screen clears itself after idle, and the ticket prints on an 80 mm roll.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { refusingCheckinDaemon } from '../helpers/signing.ts';
import { until } from '../helpers/wait.ts';
import type { HealthReport } from '../../daemon/src/api/contract.ts';
import { ARTIFACTS, browserRequirement, launch, watchErrors } from '../helpers/browser.ts';
import { startTestDaemon } from '../helpers/daemon.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';
const HUONG = '038196007654|173456789|Lê Thị Hường|30041996|Nữ|Thôn Đông Hải, Xã Quảng Hải, Huyện Quảng Xương, Thanh Hóa|12092024||||';
const needs = browserRequirement;

t.test('self-service: scan, department, ticket 1; next patient ticket 2; idle clears the screen', needs(), async (t) => {
  const d = await startTestDaemon(t, { config: { simulators: { scanners: [{ id: 'kiosk-scanner', desk: 'kiosk-1' }], gateway: { latencyMs: 0 } } } });
  const sim = d.wiring.simScanners[0]!;
  await sim.scan(AN); // someone before the kiosk page opened: must never be shown
  const browser = await launch();
  t.teardown(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, hasTouch: true });
  const errors = watchErrors(page);
  await page.goto(`${d.url}/kiosk?desk=kiosk-1&idle=2`);
  await page.waitForFunction(() => document.body.dataset['connected'] === 'yes');
  await new Promise((r) => setTimeout(r, 300));
  t.equal(await page.getAttribute('body', 'data-state'), 'welcome', 'the previous patient is not replayed on a kiosk');
  t.notMatch(await page.textContent('body'), /Nguyễn Văn An/);

  await sim.scan(AN);
  await page.waitForFunction(() => document.querySelector('#k-name')?.textContent === 'Nguyễn Văn An');
  await page.waitForFunction(() => document.querySelector('#k-status')?.getAttribute('data-outcome') === 'eligible');
  t.match(await page.textContent('#k-status'), /Thẻ BHYT hợp lệ/);
  await page.screenshot({ path: join(ARTIFACTS, 'kiosk-patient.png') });
  await page.click('button[data-department="kham-noi"]');
  await page.waitForSelector('#ticket:not([hidden])');
  t.equal(await page.textContent('#t-number'), 'A001', 'the first patient of the day at Khám Nội gets A001');
  t.equal(await page.textContent('#t-department'), 'Khám Nội');
  await page.screenshot({ path: join(ARTIFACTS, 'kiosk-ticket.png') });
  await page.emulateMedia({ media: 'print' });
  const printWidth = await page.evaluate(() => document.querySelector('#ticket')!.getBoundingClientRect().width);
  t.ok(printWidth > 250 && printWidth < 300, `in print, the ticket is sized for an 80 mm roll (${Math.round(printWidth)} px ≈ 74 mm)`);
  t.equal(await page.isVisible('#departments'), false, 'nothing but the ticket prints');
  await page.screenshot({ path: join(ARTIFACTS, 'kiosk-ticket-print.png') });
  await page.emulateMedia({ media: 'screen' });

  await sim.scan(HUONG);
  await page.waitForFunction(() => document.querySelector('#k-name')?.textContent === 'Lê Thị Hường');
  t.notMatch(await page.textContent('body'), /Nguyễn Văn An|A001/, 'the next patient never sees the previous one');
  await page.click('button[data-department="kham-noi"]');
  await page.waitForSelector('#ticket:not([hidden])');
  t.equal(await page.textContent('#t-number'), 'A002', 'the next patient gets A002');

  await page.waitForFunction(() => document.body.dataset['state'] === 'welcome', null, { timeout: 6000 });
  t.notMatch(await page.textContent('body'), /Lê Thị Hường|A002/, 'after the idle time nothing of the patient is left on screen');
  t.same(errors, []);
});

t.test('check-in: the desk sees the gateway refuse it; re-sent after the fix, the ticket shows the transaction', needs(), async (t) => {
  const { d, sim, gatewayUrl, cert } = await refusingCheckinDaemon(t, { id: 'kiosk-scanner', desk: 'kiosk-1' });
  const browser = await launch();
  t.teardown(() => browser.close());
  const desk = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const kiosk = await browser.newPage({ viewport: { width: 1280, height: 800 }, hasTouch: true });
  const deskErrors = watchErrors(desk);
  const kioskErrors = watchErrors(kiosk);
  await desk.goto(`${d.url}/?desk=kiosk-1`);
  await kiosk.goto(`${d.url}/kiosk?desk=kiosk-1&idle=120`);
  await kiosk.waitForFunction(() => document.body.dataset['connected'] === 'yes');
  await d.wiring.simScanners[0]!.scan(AN);
  await kiosk.waitForFunction(() => document.querySelector('#k-status')?.getAttribute('data-outcome') === 'eligible');
  await kiosk.click('button[data-department="kham-noi"]');
  await kiosk.waitForSelector('#ticket:not([hidden])');

  await desk.waitForSelector('#checkin-alert:not([hidden])');
  t.match(
    await desk.textContent('#checkin-alert'),
    /Cổng BHXH từ chối check-in phiếu A001: Chứng thư số chưa được đăng ký/,
    "the receptionist reads the gateway's own words",
  );

  // The technician sees it on /tech (no patient data), and sends it again once the fix is in.
  const tech = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const techErrors = watchErrors(tech);
  await until(async () => ((await (await fetch(`${d.url}/api/health`)).json()) as HealthReport).checkin.rejected === 1, 3000);
  await tech.goto(`${d.url}/tech`);
  await tech.waitForSelector('#checkins li[data-registration="1"]');
  t.match(await tech.textContent('#checkins'), /#1 · 00000\.\d{8}\.1 · 403 Chứng thư số chưa được đăng ký/);
  t.notMatch(await tech.textContent('body'), /Nguyễn Văn An/, 'no patient on the technician page');
  await fetch(`${gatewayUrl}/sim/certificates`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ pem: await readFile(cert.cert, 'utf8') }),
  });
  await tech.click('#checkins li[data-registration="1"] button');
  await tech.waitForFunction(() => document.querySelector('#checkins-box')?.hasAttribute('hidden'));
  await kiosk.waitForFunction(() => document.querySelector('#t-checkin')?.getAttribute('data-state') === 'accepted');
  const maGiaoDich = sim.checkins.find((c) => c.maGiaoDich !== '')!.maGiaoDich;
  t.equal(await kiosk.textContent('#t-checkin'), `Đã check-in BHXH / checked in: ${maGiaoDich}`, "the ticket carries the gateway's transaction id");
  await kiosk.screenshot({ path: join(ARTIFACTS, 'kiosk-ticket-checkin.png') });
  t.same([...deskErrors, ...kioskErrors, ...techErrors], []);
});

t.test('"Ưu tiên" at the kiosk: asked for with a reason, confirmed at the desk', needs(), async (t) => {
  const d = await startTestDaemon(t, { config: { simulators: { scanners: [{ id: 'kiosk-scanner', desk: 'kiosk-1' }], gateway: { latencyMs: 0 } } } });
  const browser = await launch();
  t.teardown(() => browser.close());
  const kiosk = await browser.newPage({ viewport: { width: 1280, height: 800 }, hasTouch: true });
  const errors = watchErrors(kiosk);
  await kiosk.goto(`${d.url}/kiosk?desk=kiosk-1`);
  await kiosk.waitForFunction(() => document.body.dataset['connected'] === 'yes');
  await d.wiring.simScanners[0]!.scan(HUONG);
  await kiosk.waitForFunction(() => document.querySelector('#k-name')?.textContent === 'Lê Thị Hường');
  await kiosk.click('#k-priority-toggle');
  t.same(
    await kiosk.$$eval('#k-reasons button', (b) => b.map((x) => x.getAttribute('data-reason'))),
    ['pregnant', 'disability', 'meritorious'],
    'what only the patient can tell (the card tells the age; an emergency goes to the desk)',
  );
  await kiosk.click('#k-reasons button[data-reason="pregnant"]');
  t.equal(await kiosk.getAttribute('#k-reasons button[data-reason="pregnant"]', 'aria-pressed'), 'true');
  await kiosk.screenshot({ path: join(ARTIFACTS, 'kiosk-priority-request.png') });
  await kiosk.click('button[data-department="kham-noi"]');
  await kiosk.waitForSelector('#ticket:not([hidden])');
  t.match(await kiosk.textContent('#t-priority'), /ĐỀ NGHỊ ƯU TIÊN: xin xác nhận tại quầy/, 'the ticket says to confirm at the desk, without the reason');
  t.notMatch(await kiosk.textContent('#ticket'), /thai|pregnant/i);

  const desk = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  errors.push(...watchErrors(desk));
  await desk.goto(`${d.url}/?desk=desk-1`);
  await desk.waitForSelector('#qd-requests li[data-reason="pregnant"]');
  t.match(await desk.textContent('#qd-requests li'), /A001: đề nghị ưu tiên \(Phụ nữ có thai\)/);
  await desk.click('#qd-requests li button:not(.secondary)');
  await desk.waitForFunction(() => document.querySelectorAll('#qd-requests li').length === 0);
  const list = (await (await fetch(`${d.url}/api/queue/kham-noi`)).json()) as { tickets: Array<{ priority: { class: string; reasons: string[] } }> };
  t.match(list.tickets[0]!.priority, { class: 'priority', reasons: ['pregnant'] }, 'confirmed: the ticket is a priority ticket');
  t.same(errors, []);
});
