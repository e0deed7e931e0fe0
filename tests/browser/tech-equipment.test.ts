// Desk equipment on /tech (#29 item 3), in Chromium: each station has a form with its computers and
// printers counts and what the daemon sees (scanners, internet); saving without a reason for what
// does not work is refused in the page's language, with one it is saved and shown again after a
// reload; the section has no serious or critical axe violation.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import t from 'tap';
import type { FacilityInventory } from '../../daemon/src/api/report.ts';
import { browserRequirement, launch, watchErrors } from '../helpers/browser.ts';
import { startTestDaemon } from '../helpers/daemon.ts';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

t.test('a technician counts a station’s computers and printers', browserRequirement(), async (t) => {
  const d = await startTestDaemon(t, {
    config: {
      facility: {
        id: '46001',
        stations: [
          { id: 'main', desks: ['desk-1'] },
          { id: 'tram-1', kind: 'commune', desks: ['tram-desk'] },
        ],
      },
    },
  });
  const browser = await launch();
  t.teardown(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const errors = watchErrors(page);
  await page.goto(`${d.url}/tech`);
  const form = 'form[data-station="main"]';
  await page.waitForSelector(form);
  t.equal(await page.locator('#equipment-stations form').count(), 2, 'one form per station');
  t.match(await page.textContent(`${form} p[data-internet]`), /Máy quét: .*Internet \(cổng BHXH, 1 giờ qua\): Chưa rõ/);

  await page.fill(`${form} input[name="computers.working"]`, '3');
  await page.fill(`${form} input[name="computers.notWorking"]`, '1');
  await page.fill(`${form} input[name="printers.needed"]`, '2');
  await page.click(`${form} button[type="submit"]`);
  await page.waitForSelector(`${form} [role="status"][data-state="error"]`);
  t.match(await page.textContent(`${form} [role="status"]`), /lý do/, 'refused without a reason, in Vietnamese');

  await page.fill(`${form} input[name="computers.reason"]`, 'Hỏng bộ nguồn');
  await page.click(`${form} button[type="submit"]`);
  await page.waitForFunction(async () => {
    const r = await fetch('/api/inventory');
    const inv = (await r.json()) as { stations: Array<{ id: string; equipment?: { computers: { working: number } } }> };
    return inv.stations.find((s) => s.id === 'main')?.equipment?.computers.working === 3;
  });
  const inv = (await (await fetch(`${d.url}/api/inventory`)).json()) as FacilityInventory;
  t.match(inv.stations[0]!.equipment, { computers: { working: 3, notWorking: 1, needed: 0, reason: 'Hỏng bộ nguồn' }, printers: { needed: 2 } });

  await page.reload();
  await page.waitForSelector(form);
  t.equal(await page.inputValue(`${form} input[name="computers.reason"]`), 'Hỏng bộ nguồn', 'shown again after a reload');
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: object): Promise<{ violations: Array<{ id: string; impact: string | null }> }> } }).axe;
    const r = await axe.run({ include: [['#equipment']] }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
  });
  t.same(violations, [], 'no serious or critical violation in the equipment section');
  t.same(
    errors.filter((e) => !e.includes('status of 400')),
    [],
    'no page error (beyond the refusal asked for above)',
  );
});
