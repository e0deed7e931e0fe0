// Every page (the district hub's /reports too), in the states people see, checked by axe-core
// (WCAG 2.0/2.1 A and AA) in Debian's Chromium: no serious or critical violation. axe-core is
// injected from node_modules (no CDN). /docs is Swagger UI's own page and is left out.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import t, { type Test } from 'tap';
import type { Page } from 'playwright-core';
import { browserRequirement, launch } from '../helpers/browser.ts';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';
import { HUB_ADMIN, startPageHub } from '../helpers/hub.ts';

// Evaluated through the DevTools protocol: the pages' CSP (script-src 'self') rightly refuses an
// injected <script>.
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';
const needs = browserRequirement;

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

/** Serious and critical violations on the page as it is now, one line each. */
async function audit(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Violation[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${v.help}; ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`));
}

async function check(t: Test, page: Page, what: string): Promise<void> {
  t.same(await audit(page), [], `${what}: no serious or critical violation`);
}

async function open(t: Test, d: TestDaemon, path: string, viewport = { width: 1366, height: 768 }): Promise<Page> {
  const browser = await launch();
  t.teardown(() => browser.close());
  const page = await browser.newPage({ viewport });
  await page.goto(`${d.url}${path}`);
  return page;
}

t.test('reception page: waiting, a patient with the eligibility badge, a rejected read, a search hint, English', needs(), async (t) => {
  const d = await startTestDaemon(t);
  const page = await open(t, d, '/');
  await page.waitForSelector('#conn[data-state="online"]');
  await check(t, page, 'connected, nobody yet (simulation banner shown)');
  await d.wiring.simScanners[0]!.scan(AN);
  await page.waitForFunction(() => document.querySelector<HTMLElement>('#eligibility')?.dataset['outcome'] === 'eligible');
  await check(t, page, 'a patient, eligible');
  await d.wiring.simScanners[0]!.scan('not a card');
  await page.waitForFunction(() => document.querySelector('#patient')?.getAttribute('data-state') === 'error');
  await check(t, page, 'a rejected read');
  await page.keyboard.press('F2');
  await page.keyboard.type('0010 8901 234');
  await page.waitForFunction(() => document.querySelector('#q-hint')?.getAttribute('data-state') === 'error');
  await check(t, page, 'a search hint');
  await page.click('#lang');
  await check(t, page, 'in English');
});

t.test('reception page: the eligibility badge while waiting and when unverified', needs(), async (t) => {
  const d = await startTestDaemon(t, { config: { eligibility: { retryBaseMs: 60000, pollMs: 60000, cacheWindowMs: 0 } } });
  const { gateway: g } = (await (await fetch(`${d.url}/api/health`)).json()) as { gateway: { url: string } };
  const sim = (path: string, body: object) =>
    fetch(`${g.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const page = await open(t, d, '/');
  await page.waitForSelector('#conn[data-state="online"]');
  await sim('/sim/latency', { medianMs: 3000, fixed: true });
  await d.wiring.simScanners[0]!.scan(AN);
  await page.waitForFunction(() => document.querySelector<HTMLElement>('#eligibility')?.dataset['outcome'] === 'pending');
  await check(t, page, 'waiting for the gateway');
  await page.waitForFunction(() => document.querySelector<HTMLElement>('#eligibility')?.dataset['outcome'] === 'eligible', null, { timeout: 10_000 });
  await sim('/sim/latency', { medianMs: 0 });
  await sim('/sim/fault', { fault: 'outage' });
  await d.wiring.simScanners[0]!.scan(AN);
  await page.waitForFunction(() => document.querySelector<HTMLElement>('#eligibility')?.dataset['outcome'] === 'unverified');
  await check(t, page, 'unverified, with the last good answer');
});

t.test('kiosk: welcome, a patient with the departments, a ticket', needs(), async (t) => {
  const d = await startTestDaemon(t, { config: { simulators: { scanners: [{ id: 'kiosk-scanner', desk: 'kiosk-1' }], gateway: { latencyMs: 0 } } } });
  const page = await open(t, d, '/kiosk?desk=kiosk-1', { width: 1280, height: 800 });
  await page.waitForFunction(() => document.body.dataset['connected'] === 'yes');
  await check(t, page, 'welcome');
  await d.wiring.simScanners[0]!.scan(AN);
  await page.waitForFunction(() => document.querySelector('#k-status')?.getAttribute('data-outcome') === 'eligible');
  await check(t, page, 'a patient');
  await page.click('button[data-department="kham-noi"]');
  await page.waitForSelector('#ticket:not([hidden])');
  await check(t, page, 'a ticket');
});

t.test('technician, reports, duplicates, scanner setup and queue display pages', needs(), async (t) => {
  const d = await startTestDaemon(t);
  await d.wiring.simScanners[0]!.scan(AN);
  await fetch(`${d.url}/api/camera`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ desk: 'desk-1', text: AN }) });
  const page = await open(t, d, '/tech');
  await page.waitForSelector('[data-device="sim-1"]');
  await check(t, page, '/tech');
  await page.goto(`${d.url}/reports`);
  await page.waitForSelector('#report tbody tr');
  await page.waitForSelector('#chart-svg rect', { state: 'attached' });
  await page.waitForSelector('#p2-report tbody tr.total'); // Phụ lục 2 below Phụ lục 03
  await check(t, page, '/reports');
  await page.goto(`${d.url}/duplicates`);
  await page.waitForLoadState('networkidle');
  await check(t, page, '/duplicates');
  await page.goto(`${d.url}/scanner-setup`);
  await page.waitForLoadState('networkidle');
  await check(t, page, '/scanner-setup');
  // The waiting room's display before any call (tests/browser/queue-display.test.ts checks it after calls).
  await page.goto(`${d.url}/queue`);
  await page.waitForSelector('[data-department] .waiting');
  await check(t, page, '/queue');
});

t.test('the district hub’s /reports: its login box, and logged in with both reports', needs(), async (t) => {
  const hub = await startPageHub(t);
  const browser = await launch();
  t.teardown(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.goto(`${hub.url}/reports`);
  await page.waitForSelector('#login #login-token');
  await check(t, page, 'hub /reports, the login box');
  await page.fill('#login-token', HUB_ADMIN);
  await Promise.all([page.waitForEvent('load'), page.click('#login button[type="submit"]')]);
  await page.waitForSelector('#report tbody tr');
  await page.waitForSelector('#p2-report tbody tr.total');
  await check(t, page, 'hub /reports, logged in');
});
