// The whole gateway answer in real Chromium: the reception page shows the new card, the 5-year date
// and a collapsible visit history (loaded only when opened); the technician page raises the
// restricted-account alarm with what to do, and "Resume lookups" lifts it.

import { join } from 'node:path';
import t from 'tap';
import { qrPayloadOf } from '../../simulators/src/gateway/identities.ts';
import { visitsOf } from '../../simulators/src/gateway/visit-history.ts';
import { ARTIFACTS, browserRequirement, launch, watchErrors } from '../helpers/browser.ts';
import { startTestDaemon } from '../helpers/daemon.ts';

t.test('reception: new card fields and the visit history block', browserRequirement(), async (t) => {
  const d = await startTestDaemon(t);
  const p = d.wiring.gatewaySim!.population.people.find((x) => ['003', '004'].includes(x.state) && (visitsOf(x, 1)?.length ?? 0) >= 2)!;
  const browser = await launch();
  t.teardown(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  const errors = watchErrors(page);
  let historyFetched = 0;
  page.on('request', (r) => void (r.url().includes('/history') && historyFetched++));
  await page.goto(d.url);
  await page.waitForSelector('#conn[data-state="online"]');
  await d.wiring.simScanners[0]!.scan(qrPayloadOf(p));
  await page.waitForSelector('#e-card dd[data-field="maTheMoi"]');
  t.equal(await page.textContent('#e-card dd[data-field="maTheMoi"]'), p.maTheMoi, 'the new card code is on the screen');
  t.match(await page.textContent('#e-card'), new RegExp(`Nơi ĐKBĐ mới.*${p.maDKBD}`));
  t.equal(await page.getAttribute('#eligibility', 'data-outcome'), 'eligibleNewCard');
  await page.waitForSelector('#history:not([hidden])');
  t.match(await page.textContent('#history-count'), new RegExp(`\\(${visitsOf(p, 1)!.length} lượt\\)`));
  t.equal(historyFetched, 0, 'the visits are not fetched until the block is opened');
  await page.click('#history summary');
  await page.waitForFunction(() => (document.querySelector('#history-rows')?.childElementCount ?? 0) > 0);
  t.equal(await page.locator('#history-rows tr').count(), visitsOf(p, 1)!.length);
  t.equal(historyFetched, 1);
  await page.screenshot({ path: join(ARTIFACTS, 'reception-new-card-history.png') });
  await d.wiring.simScanners[0]!.scan('001089012345|013456789|Nguyễn Văn An|15031989|Nam|Hà Nội|20042021');
  await page.waitForFunction(() => document.querySelector('#p-name')?.textContent === 'Nguyễn Văn An');
  t.equal(await page.locator('#history-rows tr').count(), 0, 'the previous patient’s history leaves the screen');
  t.same(errors, []);
});

t.test('technician page: the restricted-account alarm, and resume', browserRequirement(), async (t) => {
  const d = await startTestDaemon(t, { config: { eligibility: { retryBaseMs: 100, retryMaxMs: 400, pollMs: 50 } } });
  const sim = d.wiring.gatewaySim!;
  const browser = await launch();
  t.teardown(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(`${d.url}/tech`);
  await page.waitForSelector('#account[data-state="ok"]');
  sim.setFault('restricted');
  await d.wiring.simScanners[0]!.scan('001089012345|013456789|Nguyễn Văn An|15031989|Nam|Hà Nội|20042021');
  await page.waitForSelector('#account[data-state="restricted"]');
  t.match(await page.textContent('#account-text'), /hạn chế/);
  t.match(await page.textContent('#account-action'), /liên hệ BHXH/);
  t.ok(await page.isVisible('#account-resume'), 'the resume button is offered');
  t.notMatch(await page.textContent('body'), /Nguyễn Văn An|001089012345/, 'no patient on the technician page');
  await page.screenshot({ path: join(ARTIFACTS, 'tech-account-restricted.png') });
  sim.setFault('none');
  await page.click('#account-resume');
  await page.waitForSelector('#account[data-state="ok"]');
  t.pass('the alarm clears after resume');
  t.same(errors, []);
});
