// The storage alarm reaches people, on a real full disk: the daemon's data folder on an 8 MiB tmpfs
// (mounting one needs root, which CI has), the reception page in Chromium. Filled to the last byte, a
// scan cannot be stored: the page shows the banner (what happened, that the read waits, not to scan
// again) and that its read arrived, the scanner's health says STORAGE_FULL, and /api/health warns about the free space before
// that. Space freed, the waiting read is stored and shown, and the banner goes. A read given up
// (storage.retryForMs) is asked for again at the desk, and /tech shows the loss until acknowledged.

import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import type { DeviceView, HealthReport } from '../../daemon/src/api/contract.ts';
import { ARTIFACTS, browserRequirement, launch, watchErrors } from '../helpers/browser.ts';
import { startTestDaemon } from '../helpers/daemon.ts';
import { fill, mountTmpfs, tmpfsRequirement } from '../helpers/tmpfs.ts';
import { until } from '../helpers/wait.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';

const mountable = (): { skip: string | false } => (browserRequirement().skip ? browserRequirement() : tmpfsRequirement('the full-disk test'));

t.test('a full disk: the banner and the scanner say so; space freed, the read is stored and shown', mountable(), async (t) => {
  const mnt = await mountTmpfs(t, '8m');
  const d = await startTestDaemon(t, { dataDir: join(mnt, 'data'), config: { storage: { warnFreeMb: 2, diskCheckMs: 1000 } } });
  const browser = await launch();
  t.teardown(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const errors = watchErrors(page);
  await page.goto(d.url);
  await page.waitForSelector('#conn[data-state="online"]');
  t.equal(await page.isVisible('#storage-alert'), false, 'no banner while all is well');

  const fillers = await fill(mnt);
  const health = async (): Promise<HealthReport> => (await (await fetch(`${d.url}/api/health`)).json()) as HealthReport;
  await until(async () => !(await health()).disk.ok, 5_000);
  t.match((await health()).disk, { ok: false, folder: join(mnt, 'data'), en: /has 0(\.\d)? MB free/ }, '/api/health warns, naming the folder and the space');

  await d.wiring.simScanners[0]!.scan(AN);
  await page.waitForFunction(() => /Ổ đĩa đầy/.test(document.querySelector('#storage-alert')?.textContent ?? ''), null, { timeout: 10_000 });
  t.match(await page.textContent('#storage-alert'), /không cần quét lại/, 'the read waits: nobody scans again');
  await page.waitForSelector('#waiting-read:not([hidden])');
  t.match(await page.textContent('#waiting-read'), /Đã nhận 1 lượt đọc .*đang chờ lưu vào máy: không cần quét lại/, 'the desk sees its read arrived');
  t.notMatch(await page.textContent('body'), /Nguyễn Văn An/, 'not the patient: nothing unstored is shown');
  t.equal(await page.getAttribute('#storage-alert', 'data-level'), 'error');
  await page.screenshot({ path: join(ARTIFACTS, 'storage-alarm-reception.png') });
  const devices = (await (await fetch(`${d.url}/api/devices`)).json()) as DeviceView[];
  t.match(devices[0]!.health, { level: 'error', code: 'STORAGE_FULL', en: /reads are not stored yet/ }, 'the scanner’s health says its reads wait');

  for (const f of fillers) await unlink(f);
  await page.waitForFunction(() => document.querySelector('#p-name')?.textContent === 'Nguyễn Văn An', null, { timeout: 15_000 });
  await page.waitForFunction(() => (document.querySelector('#storage-alert') as HTMLElement).hidden, null, { timeout: 10_000 });
  t.equal(await page.isVisible('#waiting-read'), false, 'stored: the waiting line goes');
  t.pass('the waiting read was stored and shown, and the banner went');
  t.same(errors, []);
});

t.test('a read given up after storage.retryForMs: the desk is told to scan again', mountable(), async (t) => {
  const mnt = await mountTmpfs(t, '8m');
  const d = await startTestDaemon(t, { dataDir: join(mnt, 'data'), config: { storage: { retryForMs: 1000 } } });
  const browser = await launch();
  t.teardown(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const errors = watchErrors(page);
  await page.goto(d.url);
  await page.waitForSelector('#conn[data-state="online"]');
  const fillers = await fill(mnt);
  t.teardown(() => Promise.all(fillers.map((f) => unlink(f).catch(() => undefined))));
  await d.wiring.simScanners[0]!.scan(AN);
  await page.waitForFunction(() => /không lưu được: xin quét lại thẻ/.test(document.querySelector('#waiting-read')?.textContent ?? ''), null, {
    timeout: 15_000,
  });
  t.equal(await page.getAttribute('#waiting-read', 'data-level'), 'error', 'said as an error');
  t.notMatch(await page.textContent('body'), /Nguyễn Văn An/, 'nothing of the patient');

  // Space returns: the loss is written, and the technician sees it on /tech until acknowledging it.
  for (const f of fillers) await unlink(f);
  const tech = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const techErrors = watchErrors(tech);
  await tech.goto(`${d.url}/tech`);
  await tech.waitForFunction(() => /khi ổ đĩa đầy/.test(document.querySelector('#lost-reads-text')?.textContent ?? ''), null, { timeout: 15_000 });
  t.match(
    await tech.textContent('#lost-reads-text'),
    /1 lượt đọc đã không lưu được khi ổ đĩa đầy.*xác nhận trên trang \/tech/,
    '/tech shows the loss, written',
  );
  t.equal(await tech.isVisible('#lost-reads'), true);
  await tech.click('#lost-reads-ack');
  await tech.waitForSelector('#lost-reads[hidden]', { state: 'attached', timeout: 10_000 });
  const h = (await (await fetch(`${d.url}/api/health`)).json()) as HealthReport;
  t.match(h, { status: 'ok', storage: { lost: 0 } }, 'acknowledged: the status is ok again');
  t.same(errors, []);
  t.same(techErrors, []);
});
