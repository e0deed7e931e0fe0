// The district hub's /reports page (#29) in headless Chromium: without a session it asks for the
// admin token; logged in, it shows Phụ lục 03, its equipment sheet and Phụ lục 2 for the running
// periods with their downloads, holds the token nowhere a script can read, and logging out asks again.

import t from 'tap';
import { ARTIFACTS, browserRequirement, launch, watchErrors } from '../helpers/browser.ts';
import { HUB_ADMIN, HUB_UNITS, startPageHub } from '../helpers/hub.ts';
import { join } from 'node:path';

t.test('hub report page: login with the admin token, Phụ lục 03 and Phụ lục 2, logout', browserRequirement(), async (t) => {
  const hub = await startPageHub(t);
  const browser = await launch();
  t.teardown(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.goto(`${hub.url}/reports`);
  await page.waitForSelector('#login #login-token');
  t.match(await page.textContent('#login label'), /admin token/i, 'asks for the hub’s admin token');
  await page.fill('#login-token', 'not-the-admin-token-xxxx');
  await page.click('#login button[type="submit"]');
  await page.waitForFunction(() => (document.getElementById('login-msg')?.textContent ?? '') !== '');
  t.equal(await page.$$eval('#report tbody tr', (trs) => trs.length), 0, 'a wrong token: nothing shown');

  await page.fill('#login-token', HUB_ADMIN);
  await Promise.all([page.waitForEvent('load'), page.click('#login button[type="submit"]')]);
  const errors = watchErrors(page);
  await page.waitForFunction(() => document.body.dataset['loaded'] !== undefined && document.getElementById('phu-luc-02')?.dataset['loaded'] !== undefined);
  t.notOk(await page.$('#login'), 'no login box once logged in');

  const p03 = await page.$$eval('#report tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
  for (const u of HUB_UNITS)
    t.ok(
      p03.some((r) => r.includes(u.name)),
      `Phụ lục 03 has ${u.name}`,
    );
  const equipment = await page.$$eval('#equipment tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
  for (const u of HUB_UNITS)
    t.ok(
      equipment.some((r) => r.includes(u.name)),
      `the equipment sheet has ${u.name}`,
    );
  const p02 = await page.$$eval('#p2-report tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')));
  t.same(p02[0]!.slice(0, 4), ['1', HUB_UNITS[0].name, 'RỒI', 'RỒI'], 'Phụ lục 2: the unit with its gateway account');
  t.equal(p02.at(-1)![1], 'TỔNG SỐ');
  for (const f of ['xlsx', 'csv', 'json', 'html', 'md'])
    t.match(await page.getAttribute(`#dl-${f}`, 'href'), new RegExp(`^/api/reports/phu-luc-03\\?from=.*&format=${f}$`));
  for (const f of ['xlsx', 'csv', 'json', 'html'])
    t.match(await page.getAttribute(`#p2-dl-${f}`, 'href'), new RegExp(`^/api/reports/phu-luc-02\\?.*format=${f}$`));
  const csv = await page.evaluate(async (href) => (await fetch(href)).status, (await page.getAttribute('#dl-csv', 'href'))!);
  t.equal(csv, 200, 'a download works with the session');

  const held = await page.evaluate(() => JSON.stringify([document.cookie, { ...localStorage }, { ...sessionStorage }, location.href]));
  t.notOk(held.includes(HUB_ADMIN), 'the token is not in the URL, storage or a readable cookie');
  t.equal(await page.evaluate(() => document.cookie), '', 'the session cookie is HttpOnly');
  await page.screenshot({ path: join(ARTIFACTS, 'hub-reports.png'), fullPage: true });
  t.same(errors, []);

  await Promise.all([page.waitForEvent('load'), page.click('#logout')]);
  await page.waitForSelector('#login #login-token');
  t.same(await page.$$eval('#report tbody tr', (trs) => trs.length), 0, 'logged out: asked again, nothing shown');
});
