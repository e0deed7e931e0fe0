// Registering the visit at the desk, keyboard only, in Chromium: a scanned card shows the patient and
// the departments; "2" picks the second, Enter registers, and the ticket shows (and prints alone on
// the 80 mm roll); the same read again gives the same ticket. A typed BHYT code for a first-time
// patient (name, date of birth, sex, address typed) is registered the same way. axe-core finds no
// serious or critical violation with the ticket shown.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import t from 'tap';
import { ARTIFACTS, browserRequirement, launch, watchErrors } from '../helpers/browser.ts';
import { startTestDaemon } from '../helpers/daemon.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

t.test('scan, 2, Enter: a ticket for the second department; typed BHYT code the same way', browserRequirement(), async (t) => {
  const d = await startTestDaemon(t);
  const browser = await launch();
  t.teardown(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const errors = watchErrors(page);
  await page.goto(d.url);
  await page.waitForSelector('#conn[data-state="online"]');

  await d.wiring.simScanners[0]!.scan(AN);
  await page.waitForFunction(() => document.querySelector('#p-name')?.textContent === 'Nguyễn Văn An');
  await page.waitForSelector('#register:not([hidden]) input[type="radio"]');
  await page.keyboard.press('2');
  t.equal(await page.evaluate(() => (document.activeElement as HTMLInputElement).value), 'kham-ngoai', '2 picks the second department');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#desk-ticket:not([hidden])');
  t.match(await page.textContent('#dt-number'), /^B\d{3}$/, 'a Khám Ngoại ticket');
  t.equal(await page.textContent('#dt-department'), 'Khám Ngoại');
  t.equal(await page.textContent('#dt-name'), 'Nguyễn Văn An');
  const first = await page.textContent('#dt-number');
  await page.screenshot({ path: join(ARTIFACTS, 'desk-register-ticket.png') });
  await page.emulateMedia({ media: 'print' });
  t.same(
    await page.evaluate(() => ['#desk-ticket', '#patient', '#search', '#register-form'].map((s) => document.querySelector(s)!.getClientRects().length > 0)),
    [true, false, false, false],
    'printed, the ticket stands alone',
  );
  await page.emulateMedia({ media: 'screen' });
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /đã đăng ký|already registered/i.test(document.querySelector('#register-status')?.textContent ?? ''));
  t.equal(await page.textContent('#dt-number'), first, 'the same read registered again: the same ticket');

  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string }> }> } }).axe.run();
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
  });
  t.same(violations, [], 'no serious or critical accessibility violation');

  // A typed 15-character BHYT code, first time here: the desk is asked for the rest, then registers.
  await page.keyboard.press('F2');
  await page.keyboard.type('DN4790112345678');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#details:not([hidden])');
  await page.fill('#d-name', 'Trần Thị Bích');
  await page.fill('#d-dob', '02/09/1975');
  await page.selectOption('#d-sex', 'F');
  await page.fill('#d-address', 'Số 5 đường Lê Lợi, Phường Bến Nghé, Quận 1, TP Hồ Chí Minh');
  await page.press('#d-address', 'Enter');
  await page.waitForFunction(() => document.querySelector('#p-name')?.textContent === 'Trần Thị Bích');
  t.equal(await page.textContent('#p-address'), 'Số 5 đường Lê Lợi, Phường Bến Nghé, Quận 1, TP Hồ Chí Minh', 'the typed address is shown');
  await page.keyboard.press('1');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /^A\d{3}$/.test(document.querySelector('#dt-number')?.textContent ?? ''));
  t.equal(await page.textContent('#dt-name'), 'Trần Thị Bích');
  t.same(errors, [], 'no errors in the page');
});

t.test('every other identifier kind, typed and registered by keyboard only', browserRequirement(), async (t) => {
  const d = await startTestDaemon(t);
  const browser = await launch();
  t.teardown(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const errors = watchErrors(page);
  await page.goto(d.url);
  await page.waitForSelector('#conn[data-state="online"]');
  await d.wiring.simScanners[0]!.scan(AN); // Nguyễn Văn An is known from his card (ID, old CMND)
  await page.waitForFunction(() => document.querySelector('#p-name')?.textContent === 'Nguyễn Văn An');

  const tickets: string[] = [];
  /** Types the query (and the details the desk is asked for), then 1 and Enter: the ticket of this read. */
  const typed = async (what: string, query: string, expect: string, details?: { name: string; dob: string; sex?: 'M' | 'F' }): Promise<void> => {
    await page.keyboard.press('F2');
    await page.keyboard.type(query);
    await page.keyboard.press('Enter');
    if (details) {
      await page.waitForSelector('#details:not([hidden])');
      await page.keyboard.type(details.name); // the name field has the focus
      await page.keyboard.press('Tab');
      await page.keyboard.type(details.dob);
      if (details.sex) await page.selectOption('#d-sex', details.sex);
      await page.press('#d-dob', 'Enter');
    }
    await page.waitForFunction((n) => document.querySelector('#p-name')?.textContent === n, expect);
    const before = await page.textContent('#dt-number');
    await page.waitForSelector('#register:not([hidden]) input[type="radio"]');
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      (b) => !document.querySelector('#desk-ticket')?.hasAttribute('hidden') && document.querySelector('#dt-number')?.textContent !== b,
      before,
    );
    const ticket = (await page.textContent('#dt-number'))!;
    t.match(ticket, /^A\d{3}$/, `${what}: registered, ticket ${ticket}`);
    t.equal(await page.textContent('#dt-name'), expect, `${what}: the ticket names the patient`);
    tickets.push(ticket);
  };

  await typed('12-digit ID, first time here', '038196007654', 'Lê Thị Hường', { name: 'Lê Thị Hường', dob: '30/04/1996' });
  await typed('9-digit CMND of a patient known from his card', '013456789', 'Nguyễn Văn An');
  await typed('10-digit BHXH number, first time here', '7912345678', 'Phạm Văn Cường', { name: 'Phạm Văn Cường', dob: '1945', sex: 'M' });
  // Born in 1945 (the year only): 75 or older, read as favourably as the law allows, and said so.
  t.equal(await page.textContent('#dt-priority'), 'ƯU TIÊN', 'the ticket carries the class');
  t.match(await page.textContent('#dt-reasons'), /Người từ đủ 75 tuổi.*Chỉ có năm sinh/, 'the reason, and that only the year was known');
  await page.keyboard.press('k'); // a severe disability, seen at the desk
  await page.waitForFunction(() => /Người khuyết tật/.test(document.querySelector('#dt-reasons')?.textContent ?? ''));
  await page.keyboard.press('k'); // pressed again: removed
  await page.waitForFunction(() => !/Người khuyết tật/.test(document.querySelector('#dt-reasons')?.textContent ?? ''));
  const audit = (await (await fetch(`${d.url}/api/audit`)).json()) as { entries: Array<{ action: string; subject: string | null }> };
  t.same(
    audit.entries.filter((e) => e.action === 'setPriority').map((e) => e.subject?.replace(/^registration:\d+:/, '')),
    ['-disability', '+disability'],
    'both changes audited (newest first)',
  );
  await typed('name and date of birth of a patient seen before', 'Lê Thị Hường 30/04/1996', 'Lê Thị Hường');
  t.equal(new Set(tickets).size, 4, 'four reads, four tickets');
  await page.screenshot({ path: join(ARTIFACTS, 'desk-register-typed-kinds.png') });
  t.same(errors, [], 'no errors in the page');
});
