// The reception page in a real browser: a simulated scan over a real PTY makes the patient appear,
// then the eligibility badge; a slow or failing gateway shows "waiting" / "unverified" first.
import { join } from 'node:path';
import t from 'tap';
import { ARTIFACTS, browserRequirement, launch, watchErrors } from '../helpers/browser.ts';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';
const needs = browserRequirement;

async function gateway(d: TestDaemon, path: string, body: object): Promise<void> {
  const { gateway: g } = (await (await fetch(`${d.url}/api/health`)).json()) as { gateway: { url: string } };
  await fetch(`${g.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

t.test('a scan makes the patient appear, ID masked, then the eligibility badge', needs(), async (t) => {
  const d = await startTestDaemon(t);
  const browser = await launch();
  t.teardown(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const errors = watchErrors(page);
  await page.goto(d.url);
  await page.waitForSelector('#conn[data-state="online"]');
  t.match(await page.textContent('#sim-banner'), /SIMULATED.*sim-1.*cổng BHXH mô phỏng/, 'the page says what is simulated');

  await d.wiring.simScanners[0]!.scan(AN);
  await page.waitForFunction(() => document.querySelector('#p-name')?.textContent === 'Nguyễn Văn An');
  t.equal(await page.textContent('#p-dob'), '15/03/1989');
  t.equal(await page.textContent('#p-id'), '0010******45', 'the ID is masked on a screen facing the hall');
  await page.click('#p-id');
  t.equal(await page.textContent('#p-id'), '001089012345', 'and revealed by the receptionist');
  await page.waitForFunction(() => (document.querySelector('#eligibility') as HTMLElement).dataset['outcome'] === 'eligible');
  t.match(await page.textContent('#e-badge'), /Đủ điều kiện BHYT/);
  await page.screenshot({ path: join(ARTIFACTS, 'reception-eligible.png') });
  t.same(errors, [], 'no errors in the page');
});

t.test('a slow gateway shows "waiting" first; an outage shows unverified with the last good answer', needs(), async (t) => {
  // cacheWindowMs 0: the second scan of the same card must reach the (now failing) gateway.
  const d = await startTestDaemon(t, { config: { eligibility: { retryBaseMs: 60000, pollMs: 60000, cacheWindowMs: 0 } } });
  const browser = await launch();
  t.teardown(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(d.url);
  await page.waitForSelector('#conn[data-state="online"]');
  await gateway(d, '/sim/latency', { medianMs: 1500, fixed: true });
  await d.wiring.simScanners[0]!.scan(AN);
  await page.waitForFunction(() => document.querySelector('#p-name')?.textContent === 'Nguyễn Văn An');
  t.equal(await page.getAttribute('#eligibility', 'data-outcome'), 'pending', 'waiting for the gateway while the patient is already shown');
  t.match(await page.textContent('#e-badge'), /Đang tra cứu/);
  await page.screenshot({ path: join(ARTIFACTS, 'reception-waiting.png') });
  await page.waitForFunction(() => (document.querySelector('#eligibility') as HTMLElement).dataset['outcome'] === 'eligible', null, { timeout: 10_000 });

  await gateway(d, '/sim/latency', { medianMs: 0 });
  await gateway(d, '/sim/fault', { fault: 'outage' });
  await d.wiring.simScanners[0]!.scan(AN);
  await page.waitForFunction(() => (document.querySelector('#eligibility') as HTMLElement).dataset['outcome'] === 'unverified');
  t.match(await page.textContent('#e-badge'), /Chưa xác minh/);
  t.match(await page.textContent('#e-text'), /KẾT QUẢ CŨ lúc .*Đủ điều kiện BHYT \(mã 000\)/, 'the cached answer is shown, labelled with its time');
  await page.screenshot({ path: join(ARTIFACTS, 'reception-unverified.png') });
});
