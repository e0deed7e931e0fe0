// A web page from another site, open in the receptionist's Chromium, tries every way to reach the
// daemon on loopback: fetch (with and without credentials), a "simple" text/plain POST, socket.io by
// websocket and by polling. It gets nothing, while the daemon's own page in the same browser keeps
// working. With tokens, a page logs in once through its login box and keeps no token itself.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import t from 'tap';
import { ARTIFACTS, browserRequirement, launch, watchErrors } from '../helpers/browser.ts';
import { startTestDaemon } from '../helpers/daemon.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';

t.test('a foreign page in the same browser reaches no patient; the daemon’s own page still works', browserRequirement(), async (t) => {
  const d = await startTestDaemon(t, { config: { simulators: { scanners: [], gateway: { latencyMs: 0 } } } });
  // The "evil" site: another origin on loopback (another port is another origin, and the same site).
  const evil = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>evil</title><script src="${d.url}/socket.io/socket.io.js"></script>`);
  });
  await new Promise<void>((r) => evil.listen(0, '127.0.0.1', () => r()));
  t.teardown(() => new Promise<void>((r) => evil.close(() => r())));
  const evilUrl = `http://localhost:${(evil.address() as AddressInfo).port}/`;

  const browser = await launch();
  t.teardown(() => browser.close());
  const context = await browser.newContext();
  const own = await context.newPage();
  const errors = watchErrors(own);
  await own.goto(d.url);
  await own.waitForSelector('#conn[data-state="online"]');

  const page = await context.newPage();
  await page.goto(evilUrl);
  await fetch(`${d.url}/api/camera`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ desk: 'desk-1', text: AN }) });
  await own.waitForFunction(() => document.querySelector('#p-name')?.textContent === 'Nguyễn Văn An');
  const before = await d.daemon.repo.countEvents();
  // Plain JavaScript in a string: what the foreign page runs (the test runner's TypeScript transform
  // would add helpers the page does not have).
  const stolen = await page.evaluate<Record<string, string>>(`(async (base) => {
    const out = {};
    const attempt = async (name, f) => {
      try {
        const r = await f();
        out[name] = r.status + ' ' + (await r.text());
      } catch (e) {
        out[name] = 'blocked: ' + e.message;
      }
    };
    await attempt('fetch', () => fetch(base + '/api/devices'));
    await attempt('fetch with credentials', () => fetch(base + '/api/audit', { credentials: 'include' }));
    await attempt('no-cors text/plain POST', () => fetch(base + '/api/search', { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ desk: 'desk-1', query: '001089012345' }) }));
    for (const transport of ['websocket', 'polling']) {
      out['socket.io ' + transport] = await new Promise((resolve) => {
        const s = window.io(base, { transports: [transport], reconnection: false, withCredentials: true });
        const got = [];
        s.on('scan', (m) => got.push(JSON.stringify(m)));
        s.on('connect', () => setTimeout(() => resolve('connected, ' + got.length + ' scans: ' + got.join(' ')), 500));
        s.on('connect_error', (e) => resolve('refused: ' + e.message));
        setTimeout(() => resolve('no answer; ' + got.length + ' scans'), 3000);
      });
    }
    return out;
  })(${JSON.stringify(d.url)})`);
  for (const [how, what] of Object.entries(stolen)) {
    t.notMatch(what, /Nguy|001089012345|0010\*+45/, `${how}: no patient data (${what.slice(0, 80)})`);
    t.notMatch(what, /^(200|connected)/, `${how}: not served`);
  }
  t.equal(await d.daemon.repo.countEvents(), before, 'the cross-site POST drove no search');
  await own.screenshot({ path: join(ARTIFACTS, 'reception-beside-foreign-page.png') });
  t.equal(await own.textContent('#conn'), 'Đã kết nối', 'the daemon’s own page is still connected');
  t.same(errors, [], 'and had no errors (its CSP fits it)');
});

t.test('with tokens: the page logs in once, keeps no token, and works', browserRequirement(), async (t) => {
  const token = 'tech-token-bbbbbbbbbbbbb';
  const d = await startTestDaemon(t, { config: { auth: { tokens: [{ id: 'tech', token, role: 'technician' }] }, simulators: { gateway: { latencyMs: 0 } } } });
  const browser = await launch();
  t.teardown(() => browser.close());
  const page = await browser.newPage();
  await page.goto(`${d.url}/tech?token=${token}`);
  await page.waitForSelector('#login');
  t.pass('a token in the URL is not taken: the login box asks for it');
  await page.goto(`${d.url}/tech`);
  await page.fill('#login-token', token);
  await page.click('#login button[type="submit"]');
  await page.waitForSelector('tr[data-device="sim-1"][data-power="online"]');
  t.equal(await page.$('#login'), null, 'logged in: the device table is shown');
  t.same(
    await page.evaluate(() => Object.keys(localStorage).filter((k) => /token/i.test(k) || (localStorage.getItem(k) ?? '').includes('token-'))),
    [],
    'nothing token-like in localStorage',
  );
  t.equal(await page.evaluate(() => document.cookie), '', 'and no script can read the session cookie (HttpOnly)');
  t.notMatch(page.url(), /token/, 'nor is it in the address bar');
  await page.screenshot({ path: join(ARTIFACTS, 'tech-after-login.png') });
});
