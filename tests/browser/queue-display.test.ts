// The queue from the desk to the waiting room's TV, in Chromium: four typed patients get tickets (one
// aged 75 or older: priority, interleaved after two normal calls, marked "Ưu tiên"); on
// the desk page (keyboard only) N calls the next number to this desk, R calls it again, S skips it; the
// display (/queue?department=kham-noi, 1920×1080) shows each call within seconds with the desk's
// label, flashes, chimes and writes what it says in Vietnamese; it shows no names. Screenshots after
// three calls and after the recall; axe-core finds no serious or critical violation on /queue.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import t from 'tap';
import { ARTIFACTS, browserRequirement, launch, watchErrors } from '../helpers/browser.ts';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PATIENTS = [
  { query: '001089012345', name: 'Nguyễn Văn An', dob: '15/03/1989', sex: 'M' },
  { query: '001040012399', name: 'Hoàng Văn Lão', dob: '01/01/1940', sex: 'M' }, // 75 or older: priority
  { query: '079075001122', name: 'Trần Văn Bình', dob: '02/09/1975', sex: 'M' },
  { query: '001190004455', name: 'Phạm Thị Dung', dob: '01/01/1990', sex: 'F' },
];

async function post(d: TestDaemon, path: string, body: object): Promise<Record<string, unknown>> {
  const r = await fetch(`${d.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await r.json()) as Record<string, unknown>;
}

t.test('N, N, N from two desks, then R and S: the display follows within seconds, without names', browserRequirement(), async (t) => {
  const d = await startTestDaemon(t, {
    config: { queue: { deskLabels: { 'desk-1': 'Quầy 1', 'desk-2': 'Quầy 2' }, priority: { policy: 'interleave', every: 2 } } },
  });
  for (const p of PATIENTS) {
    const found = (await post(d, '/api/search', { desk: 'desk-1', ...p })) as { message: { eventId: number } };
    await post(d, '/api/registrations', { eventId: found.message.eventId, department: 'kham-noi' });
  }
  const browser = await launch();
  t.teardown(() => browser.close());
  const tv = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  const desk = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const errors = [...[tv, desk].map((p) => watchErrors(p))];
  await tv.goto(`${d.url}/queue?department=kham-noi`);
  await tv.waitForSelector('[data-department="kham-noi"] .waiting');
  t.match(await tv.textContent('[data-department="kham-noi"] .waiting'), /Đang chờ: 4/, 'the board at once: four waiting');
  await desk.goto(`${d.url}/?desk=desk-1`);
  await desk.waitForSelector('#conn[data-state="online"]');
  await desk.waitForFunction(() => (document.querySelector('#qd-department') as HTMLSelectElement).value === 'kham-noi');

  const announced = (v: string) => tv.waitForFunction((x) => document.body.dataset['announced'] === x, v, { timeout: 5_000 });
  await desk.locator('body').press('n');
  await announced('kham-noi:A001:1');
  await desk.waitForFunction(() => /Đang gọi số A001/.test(document.querySelector('#qd-status')?.textContent ?? ''));
  await post(d, '/api/queue/kham-noi/call', { desk: 'desk-2' }); // the second desk
  await announced('kham-noi:A003:1');
  await desk.locator('body').press('n');
  await announced('kham-noi:A002:1'); // interleave every 2: normal, normal, then the priority ticket
  t.equal(await tv.textContent('[data-department="kham-noi"] .now .ticket'), 'A002', 'the latest call in large type');
  t.equal(await tv.textContent('[data-department="kham-noi"] .now .place'), '→ Quầy 1');
  t.equal(await tv.textContent('[data-department="kham-noi"] .now .priority'), 'Ưu tiên', 'marked as priority');
  t.same(
    await tv.$$eval('[data-department="kham-noi"] .recent li', (li) => li.map((x) => x.getAttribute('data-ticket'))),
    ['A003', 'A001'],
    'the calls before it',
  );
  await tv.waitForFunction(() => document.body.dataset['spoken'] === 'Xin mời số A, 2, đến Quầy 1.');
  t.equal(await tv.evaluate(() => document.body.dataset['sound']), 'chime', 'a chime before the number is said');
  await tv.screenshot({ path: join(ARTIFACTS, 'queue-display-three-calls.png') });

  await desk.locator('body').press('r');
  await announced('kham-noi:A002:2');
  t.equal(await tv.getAttribute('[data-department="kham-noi"] .now', 'data-flash'), 'yes', 'the recall flashes the number again');
  await desk.waitForFunction(() => /Gọi lại số A002 \(lần 2\)/.test(document.querySelector('#qd-status')?.textContent ?? ''));
  await tv.screenshot({ path: join(ARTIFACTS, 'queue-display-recall.png') });

  await desk.locator('body').press('s');
  await desk.waitForFunction(() => /Đã bỏ qua số A002/.test(document.querySelector('#qd-status')?.textContent ?? ''));
  await tv.waitForFunction(() => /Đang chờ: 1/.test(document.querySelector('[data-department="kham-noi"] .waiting')?.textContent ?? ''));
  const text = await tv.textContent('body');
  t.notOk(
    PATIENTS.some((p) => text!.includes(p.name) || text!.includes(p.query)),
    'no name or ID on the public display',
  );
  t.notOk(/tuổi|age75|75/.test(text!.replace(/\d{2}:\d{2}/g, '')), 'no priority reason on the public display');

  await tv.evaluate(AXE);
  const violations = await tv.evaluate(async () => {
    const r = await (window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string }> }> } }).axe.run();
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
  });
  t.same(violations, [], 'no serious or critical accessibility violation on /queue');
  t.same(errors.flat(), [], 'no errors in either page');
});
