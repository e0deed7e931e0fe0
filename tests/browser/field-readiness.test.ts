// What hospital IT checks on installation day, in real headless Chromium: the interactive API
// reference at /docs served from the daemon alone; the reception page's tones under Chrome's autoplay
// rule (audio really rendered, not an attribute); the kiosk ticket as Chromium prints it to PDF on an
// 80 mm page; and the kiosk telling staff when printing is not silent.

import { join } from 'node:path';
import t from 'tap';
import { ARTIFACTS, browserRequirement, launch, watchErrors } from '../helpers/browser.ts';
import { SCANNER_VENDORS } from '../../drivers/src/discovery/fingerprints.ts';
import { startTestDaemon } from '../helpers/daemon.ts';
import { FakeScanner } from '../helpers/fake-scanner.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';
const needs = browserRequirement;
const MM = 72 / 25.4; // PDF points per millimetre

t.test('/docs: Swagger UI from the daemon, every route listed, nothing fetched from outside', needs(), async (t) => {
  const d = await startTestDaemon(t, { config: { simulators: { scanners: [], gateway: { latencyMs: 0 } } } });
  const browser = await launch();
  t.teardown(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  const errors = watchErrors(page);
  const outside: string[] = [];
  page.context().on('request', (r) => r.url().startsWith(`${d.url}/`) || r.url().startsWith('data:') || outside.push(r.url()));
  await page.goto(`${d.url}/docs`);
  await page.waitForSelector('.opblock');
  const spec = (await (await fetch(`${d.url}/docs/openapi.json`)).json()) as { paths: Record<string, object> };
  const operations = Object.values(spec.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
  t.equal(await page.locator('.opblock').count(), operations, 'one block per documented operation');
  await page.click('#operations-default-post_api_search');
  await page.waitForSelector('#operations-default-post_api_search .body-param__example, #operations-default-post_api_search .microlight');
  t.match(await page.textContent('#operations-default-post_api_search'), /001089012345/, 'the search route shows its written example');
  await page.screenshot({ path: join(ARTIFACTS, 'docs.png') });
  t.same(outside, [], 'no CDN, no validator.swagger.io');
  t.same(errors, []);
});

// Every AudioContext's output passes through an analyser the test reads: what reached the speakers.
// The page reports what happens on the console, because a test's page.evaluate() counts as a user
// gesture for Chrome's autoplay rule: the locked state is observed without touching the page.
const LISTEN = `(() => {
  const Real = window.AudioContext;
  window.__peak = 0;
  window.AudioContext = class extends Real {
    constructor(...a) {
      super(...a);
      const tap = this.createAnalyser();
      tap.connect(super.destination);
      Object.defineProperty(this, 'destination', { value: tap });
      this.addEventListener('statechange', () => console.info('audio:' + this.state));
      const buf = new Float32Array(tap.fftSize);
      setInterval(() => {
        tap.getFloatTimeDomainData(buf);
        for (const v of buf) window.__peak = Math.max(window.__peak, Math.abs(v));
      }, 5);
    }
    createOscillator() {
      console.info('tone:' + this.state + (document.getElementById('sound-notice').hidden ? '' : ' (notice shown)'));
      return super.createOscillator();
    }
  };
  addEventListener('DOMContentLoaded', () => {
    const watch = (id, attr, say) => new MutationObserver(() => console.info(say(document.getElementById(id)))).observe(document.getElementById(id), { attributes: true, attributeFilter: [attr] });
    watch('conn', 'data-state', (el) => 'conn:' + el.dataset.state);
  });
})()`;

t.test('sound: locked before any gesture (notice shown), unlocked by a click, the next scan is heard', needs(), async (t) => {
  const d = await startTestDaemon(t, { config: { simulators: { scanners: [], gateway: { latencyMs: 0 } } } });
  const browser = await launch(['--autoplay-policy=document-user-activation-required']);
  t.teardown(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const errors = watchErrors(page);
  const said: string[] = [];
  page.on('console', (m) => said.push(m.text()));
  const heard = (text: string): Promise<unknown> => page.waitForEvent('console', { predicate: (m) => m.text() === text, timeout: 10_000 });
  await page.addInitScript(LISTEN);
  const online = heard('conn:online');
  await page.goto(`${d.url}/?desk=desk-1`);
  await online;
  const scan = (): Promise<Response> =>
    fetch(`${d.url}/api/camera`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ desk: 'desk-1', text: AN }) });

  const lockedTone = heard('tone:suspended (notice shown)');
  await scan();
  await lockedTone;
  t.pass('no gesture yet: the tone met a suspended context, with the notice on screen');
  t.notOk(said.includes('audio:running'), 'nothing ran');
  t.equal(await page.evaluate('window.__peak'), 0, 'nothing was heard');
  t.match(await page.textContent('#sound-notice'), /Bấm để bật âm thanh.*Click to enable sound/s);
  await page.screenshot({ path: join(ARTIFACTS, 'reception-sound-locked.png') });

  await page.click('#sound-notice');
  await page.waitForFunction(() => document.body.dataset['audio'] === 'running');
  t.ok(await page.isHidden('#sound-notice'), 'one click unlocks it; the notice goes');
  await page.evaluate('window.__peak = 0');
  const tone = heard('tone:running');
  await scan();
  await tone;
  await page.waitForFunction('window.__peak > 0.05', null, { timeout: 5000 });
  t.ok((await page.evaluate<number>('window.__peak')) > 0.05, 'the success tone reached the output');
  t.same(errors, []);
});

t.test('the ticket as Chromium prints it: an 80 mm page, the number legible, one page', needs(), async (t) => {
  const d = await startTestDaemon(t, { config: { simulators: { scanners: [{ id: 'kiosk-scanner', desk: 'kiosk-1' }], gateway: { latencyMs: 0 } } } });
  const browser = await launch();
  t.teardown(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = watchErrors(page);
  await page.goto(`${d.url}/kiosk?desk=kiosk-1&idle=120`);
  await page.waitForFunction(() => document.body.dataset['connected'] === 'yes');
  await d.wiring.simScanners[0]!.scan(AN);
  await page.waitForFunction(() => document.querySelector('#k-status')?.getAttribute('data-outcome') === 'eligible');
  await page.click('button[data-department="kham-noi"]');
  await page.waitForSelector('#ticket:not([hidden])');

  await page.emulateMedia({ media: 'print' });
  const number = await page.evaluate(() => {
    const el = document.querySelector('#t-number')!;
    return { pt: parseFloat(getComputedStyle(el).fontSize) * 0.75, width: el.getBoundingClientRect().width };
  });
  t.ok(number.pt >= 24, `the ticket number prints at ${number.pt} pt (queue tickets use 24 pt and up)`);
  t.ok(number.width <= (74 * 96) / 25.4, 'and fits within the 74 mm printable width');
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: false, path: join(ARTIFACTS, 'kiosk-ticket.pdf') });
  const text = pdf.toString('latin1');
  const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(text);
  t.ok(box, 'a page size in the PDF');
  t.ok(Math.abs(Number(box![1]) / MM - 80) < 0.5, `the page is 80 mm wide (${(Number(box![1]) / MM).toFixed(1)} mm)`);
  t.equal((text.match(/\/Type\s*\/Page[^s]/g) ?? []).length, 1, 'one page: the ticket does not spill');
  await page.screenshot({ path: join(ARTIFACTS, 'kiosk-ticket-print.png') });
  t.same(errors, []);
});

t.test('kiosk printing that opens a dialog: staff see how to make it silent', needs(), async (t) => {
  const d = await startTestDaemon(t, {
    config: {
      simulators: { scanners: [{ id: 'kiosk-scanner', desk: 'kiosk-1' }], gateway: { latencyMs: 0 } },
      registration: { kioskAutoPrint: true },
    },
  });
  const browser = await launch();
  t.teardown(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = watchErrors(page);
  // Headless Chromium prints without a dialog, like --kiosk-printing; a desktop Chromium without that
  // flag blocks in window.print() until someone closes its dialog. Stand in for that dialog.
  await page.addInitScript('window.print = () => { window.__printed = (window.__printed || 0) + 1; const end = Date.now() + 1800; while (Date.now() < end); }');
  await page.goto(`${d.url}/kiosk?desk=kiosk-1&idle=120`);
  await page.waitForFunction(() => document.body.dataset['connected'] === 'yes');
  await d.wiring.simScanners[0]!.scan(AN);
  await page.waitForFunction(() => document.querySelector('#k-status')?.getAttribute('data-outcome') === 'eligible');
  await page.click('button[data-department="kham-noi"]');
  await page.waitForSelector('#print-notice:not([hidden])');
  t.equal(await page.evaluate('window.__printed'), 1, 'kioskAutoPrint printed the ticket as it showed');
  t.match(await page.textContent('#print-notice'), /--kiosk --kiosk-printing/);
  await page.screenshot({ path: join(ARTIFACTS, 'kiosk-print-not-silent.png') });
  t.same(errors, []);
});

t.test('the duplicates page: masked side by side, reveal, merge, undo', needs(), async (t) => {
  const d = await startTestDaemon(t);
  const sim = d.wiring.simScanners[0]!;
  await sim.scan(AN);
  await sim.scan('079089001234||Nguyễn Văn An|15031989|Nam|Số 3 Lê Lợi, Quận 1, TP Hồ Chí Minh|12092024||||');
  const browser = await launch();
  t.teardown(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const errors = watchErrors(page);
  await page.goto(`${d.url}/duplicates`);
  for (let i = 0; i < 50 && (await page.locator('.pair').count()) === 0; i++) {
    await new Promise((r) => setTimeout(r, 200)); // the index learns in the background
    await page.reload();
  }
  t.equal(await page.locator('.pair').count(), 1, 'one flagged pair');
  t.notMatch(await page.textContent('#pairs'), /Nguyễn Văn An|001089012345/, 'masked until revealed');
  await page.screenshot({ path: join(ARTIFACTS, 'duplicates.png') });
  await page.click('.pair .reveal');
  await page.waitForSelector('.pair .side[data-revealed="true"]');
  t.match(await page.textContent('#pairs'), /Nguyễn Văn An.*001089012345/s, 'revealed on request');
  await page.screenshot({ path: join(ARTIFACTS, 'duplicates-revealed.png') });
  await page.click('.pair .merge-a');
  await page.waitForSelector('#merges tbody tr .undo');
  t.equal(await page.locator('.pair').count(), 0, 'merged: the pair leaves the list');
  await page.click('#merges tbody tr .undo');
  await page.waitForSelector('.pair');
  t.match(await page.textContent('#merges tbody'), /Đã hoàn tác/, 'the merge shows as undone');
  t.same(errors, []);
});

t.test('/tech: a found scanner without a desk is marked, and the technician gives it one', needs(), async (t) => {
  const ports = [{ path: '/dev/ttyACM0', vendorId: '0c2e', productId: '0b61', serialNumber: '21045B1234' }];
  const d = await startTestDaemon(t, {
    config: { facility: { stations: [{ id: 'main', desks: ['desk-1', 'desk-2', 'desk-7'] }] }, discovery: { serial: true, hid: false, intervalMs: 500 } },
    override: {
      serialLister: async () => ports,
      openSerial: (spec: { path: string }) => new FakeScanner('serial', { path: spec.path, vendorId: '0c2e', productId: '0b61', serialNumber: '21045B1234' }),
    },
  });
  const browser = await launch();
  t.teardown(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const errors = watchErrors(page);
  await page.goto(`${d.url}/tech`);
  const row = 'tr[data-device="usb-21045B1234"]';
  await page.waitForSelector(`${row} select.desk-select`);
  t.match(await page.textContent(`${row} td[data-desk-source]`), /CHƯA GÁN QUẦY/, 'no rule matched: marked unassigned');
  await page.selectOption(`${row} select.desk-select`, 'desk-7');
  await page.waitForSelector(`${row} td[data-desk-source="technician"]`);
  t.equal(await page.inputValue(`${row} select.desk-select`), 'desk-7');
  const devices = (await (await fetch(`${d.url}/api/devices`)).json()) as Array<{ id: string; desk: string; deskSource: string }>;
  t.match(
    devices.find((x) => x.id === 'usb-21045B1234'),
    { desk: 'desk-7', deskSource: 'technician' },
    'kept by the daemon',
  );
  await page.screenshot({ path: join(ARTIFACTS, 'tech-desk-assignment.png') });
  t.same(errors, []);
});

t.test('/tech links the scanner setup sheets: every recognised family, what to set, and no uncited code', needs(), async (t) => {
  const d = await startTestDaemon(t);
  const browser = await launch();
  t.teardown(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(`${d.url}/tech`);
  await page.click('#setup-sheets');
  await page.waitForSelector('.sheet');
  const families = await page.$$eval('.sheet', (els) => els.map((e) => (e as HTMLElement).dataset['family'] ?? ''));
  for (const vendor of new Set([...SCANNER_VENDORS.values()].map((v) => v.split(' ')[0]!))) t.ok(families.includes(vendor), `${vendor}: a sheet`);
  t.equal(await page.locator('.sheet .missing').count(), families.length, 'each says there is no citable code, and what to use instead');
  t.match(await page.textContent('[data-family="Honeywell"]'), /terminal ID 130/, 'the one citable Honeywell fact');
  t.equal(await page.locator('img, svg, canvas').count(), 0, 'no bar code printed');
  await page.emulateMedia({ media: 'print' });
  t.ok(await page.isHidden('header'), 'prints the sheets only');
  await page.screenshot({ path: join(ARTIFACTS, 'scanner-setup-sheets.png'), fullPage: true });
  t.same(errors, []);
});
