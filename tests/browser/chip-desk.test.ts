// The desk with a chip reader, in Chromium: the simulated reader (HN212 protocol, a test issuer)
// presents a card; the page shows the chip's data with its portrait and, in words, how far it was
// checked; an altered data group is a red warning; a QR scanned later in the visit is compared with
// the chip; with chip.requireConsent the data shows only after the receptionist presses Y.

import { join } from 'node:path';
import t, { type Test } from 'tap';
import { ARTIFACTS, browserRequirement, launch, watchErrors } from '../helpers/browser.ts';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';

const present = async (t: Test, d: TestDaemon, fault?: string): Promise<void> => {
  t.ok(await d.wiring.deps.simulators!.chip!('sim-chip-1', fault), 'the simulated reader presents the card');
};

t.test('the desk shows the chip, its portrait and its check; a forgery in red; the QR compared', browserRequirement(), async (t) => {
  const d = await startTestDaemon(t, { config: { simulators: { chipReaders: [{ id: 'sim-chip-1' }] } } });
  const browser = await launch();
  t.teardown(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const errors = watchErrors(page);
  await page.goto(d.url);
  await page.waitForSelector('#conn[data-state="online"]');

  await present(t, d);
  await page.waitForFunction(() => document.querySelector('#p-name')?.textContent === 'Nguyễn Văn An', null, { timeout: 15_000 });
  t.equal(await page.getAttribute('#chip', 'data-verification'), 'integrity', 'no CSCA installed: the data matches the chip’s own signature');
  t.match(await page.textContent('#chip-verification'), /Dữ liệu khớp chữ ký trên chip/);
  t.notMatch(await page.textContent('#chip-verification'), /cơ quan cấp|chip thật/, 'no more than was checked');
  t.match(await page.textContent('#p-kind'), /Chip trên thẻ căn cước/);
  await page.waitForFunction(() => (document.querySelector('#chip-portrait') as HTMLImageElement).naturalWidth > 0, null, { timeout: 5_000 });
  t.equal(await page.isVisible('#chip-portrait'), true, 'the portrait beside the data');
  await page.waitForSelector('#eligibility[data-outcome="eligible"]', { timeout: 15_000 });
  await page.screenshot({ path: join(ARTIFACTS, 'chip-desk-integrity.png') });

  await d.wiring.simScanners[0]!.scan(AN);
  await page.waitForSelector('#chip-compare:not([hidden])', { timeout: 10_000 });
  t.equal(await page.getAttribute('#chip-compare', 'data-matches'), 'true', 'the QR of the same person matches the chip');
  t.equal(await page.isVisible('#chip'), false, 'a QR read has no chip box of its own');

  await present(t, d, 'alteredDg13');
  await page.waitForSelector('#chip[data-verification="failed"]', { timeout: 10_000 });
  t.match(await page.textContent('#chip-verification'), /CẢNH BÁO/, 'a failed check is a warning, never a silent success');
  const colour = await page.$eval('#chip-verification', (el) => getComputedStyle(el).color);
  t.equal(colour, 'rgb(183, 28, 28)', 'in red');
  await page.screenshot({ path: join(ARTIFACTS, 'chip-desk-failed.png') });
  t.same(errors, [], 'no errors in the page');
});

t.test('chip.requireConsent: nothing shown or looked up until Y', browserRequirement(), async (t) => {
  const d = await startTestDaemon(t, { config: { chip: { requireConsent: true }, simulators: { chipReaders: [{ id: 'sim-chip-1' }] } } });
  const browser = await launch();
  t.teardown(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.goto(d.url);
  await page.waitForSelector('#conn[data-state="online"]');
  await present(t, d);
  await page.waitForSelector('#chip-consent:not([hidden])', { timeout: 15_000 });
  t.notMatch(await page.textContent('#patient'), /Nguyễn Văn An/, 'the name is not shown before consent');
  t.equal(await page.isVisible('#chip-portrait'), false, 'nor the portrait');
  const audit = async (): Promise<string> => JSON.stringify(await (await fetch(`${d.url}/api/audit?limit=50`)).json());
  t.notMatch(await audit(), /chipConsent/);
  await page.keyboard.press('y');
  await page.waitForFunction(() => document.querySelector('#p-name')?.textContent === 'Nguyễn Văn An', null, { timeout: 10_000 });
  await page.waitForSelector('#eligibility[data-outcome="eligible"]', { timeout: 15_000 });
  t.pass('after Y the data shows and the lookup runs');
  t.match(await audit(), /chipConsent/, 'the consent is in the audit log');
});
