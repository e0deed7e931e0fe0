// The district's equipment sheet at the hub (#29 items 3 and 4), on SQLite and on a real PostgreSQL
// server: sites push each station's computers, printers, scanners and link through the hub's own
// schema (HTTP); the report lists every unit and station with the district's needs summed; a site
// older than the field (no `equipment`) and an expected unit that never pushed show "—", not zeros,
// and are left out of the sums. The XLSX carries it on the "Trang thiết bị" sheet.

import ExcelJS from 'exceljs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { HubPush } from '../../daemon/src/api/hub-push.ts';
import type { FacilityInventory, PhuLuc03, StationEquipment, StationInventory } from '../../daemon/src/api/report.ts';
import { createLogger } from '../../daemon/src/log.ts';
import { EQUIPMENT_SHEET, UNKNOWN_MARK } from '../../daemon/src/reports/render-equipment.ts';
import { openSql, type SqlClient } from '../../daemon/src/storage/sql-client.ts';
import { buildHubApp } from '../../hub/src/hub-app.ts';
import { HubStore } from '../../hub/src/hub-store.ts';
import { postgresRequirement, startPostgres } from '../helpers/postgres.ts';

const ADMIN = 'admin-token-0123456789';
const token = (site: string): string => `site-token-${site}-0123456789`;
const NOW = new Date('2026-12-07T03:00:00Z');

const count = (working: number, notWorking: number, needed: number, reason: string | null = null) => ({
  working,
  notWorking,
  needed,
  reason,
  updatedAt: '2026-12-06T02:00:00.000Z',
});
const equipment = (over: Partial<StationEquipment> = {}): StationEquipment => ({
  computers: count(2, 0, 1),
  printers: { ...count(1, 1, 1, 'Kẹt giấy'), detected: null },
  scanners: { working: 1, notWorking: 0, needed: 0 },
  internet: 'ok',
  ...over,
});
const scanner = (id: string, desk: string) =>
  ({ id, desk, mode: 'serial', status: 'working', statusSource: 'telemetry', reason: null, lastOnline: NOW.toISOString() }) as const;
const station = (id: string, name: string, kind: 'facility' | 'commune', eq?: StationEquipment): StationInventory => ({
  id,
  name,
  kind,
  desks: [`${id}-desk`],
  scanners: [scanner(`${id}-sc`, `${id}-desk`)],
  needed: kind === 'commune' ? 1 : 0,
  neededReason: null,
  ...(eq && { equipment: eq }),
});
const facility = (id: string, name: string, order: number, stations: StationInventory[]): FacilityInventory => ({
  id,
  name,
  province: 'Quảng Ngãi',
  sector: 'public',
  tier: 'district',
  order,
  stations,
});

async function suite(t: Test, open: () => Promise<SqlClient>): Promise<void> {
  const store = await HubStore.open(await open());
  const app = await buildHubApp({
    store,
    log: createLogger('silent'),
    now: () => NOW,
    config: {
      sites: ['binh-son', 'ba-to', 'old'].map((id) => ({ id, token: token(id) })),
      adminTokens: [ADMIN],
      cumulativeSince: '2026-01-01',
      expectedUnits: [{ facilityId: 'SILENT', name: 'Trạm Y tế xã Nghĩa Hà', sector: 'public', tier: 'district', order: 9, siteId: 'silent' }],
    },
  });
  t.teardown(async () => {
    await app.close();
    await store.close();
  });
  const post = async (body: HubPush) =>
    app.inject({ method: 'POST', url: '/api/hub/push', headers: { authorization: `Bearer ${token(body.siteId)}` }, payload: body });
  const push = (siteId: string, f: FacilityInventory): HubPush => ({ siteId, sentAt: NOW.toISOString(), facility: f, counters: [] });

  const binhSon = facility('BS', 'Trung tâm Y tế huyện Bình Sơn', 1, [
    station(
      'main',
      'Trung tâm Y tế huyện Bình Sơn',
      'facility',
      equipment({ printers: { ...count(1, 1, 1, 'Kẹt giấy'), detected: { source: 'cups', working: 1, notWorking: 0, names: ['HP'], at: NOW.toISOString() } } }),
    ),
    station('tram-1', 'Trạm Y tế xã Bình Châu', 'commune', equipment({ computers: count(0, 1, 2, 'Hỏng nguồn') })),
  ]);
  t.equal((await post(push('binh-son', binhSon))).statusCode, 200, 'a site with equipment');
  t.equal(
    (await post(push('ba-to', facility('BT', 'Trung tâm Y tế huyện Ba Tơ', 2, [station('main', 'Ba Tơ', 'facility', equipment({ internet: 'down' }))]))))
      .statusCode,
    200,
  );
  t.equal(
    (await post(push('old', facility('OLD', 'Phòng khám (bản cũ)', 3, [station('main', 'Phòng khám (bản cũ)', 'facility')])))).statusCode,
    200,
    'an old site without the field',
  );
  const bad = await post(
    push(
      'ba-to',
      facility('BT', 'Ba Tơ', 2, [{ ...station('main', 'Ba Tơ', 'facility', equipment()), equipment: { ...equipment(), internet: 'maybe' } as never }]),
    ),
  );
  t.equal(bad.statusCode, 400, 'the schema checks the new field');

  const auth = { authorization: `Bearer ${ADMIN}` };
  const res = await app.inject({ url: '/api/reports/phu-luc-03?from=2026-12-01&to=2026-12-07', headers: auth });
  t.equal(res.statusCode, 200, res.body);
  const rows = res.json<PhuLuc03>().equipment!;
  const row = (label: string) => rows.find((r) => r.label === label);
  t.match(
    row('Tổng cộng'),
    {
      level: 'total',
      computersWorking: 4,
      computersNotWorking: 1,
      computersNeeded: 4,
      printersWorking: 3,
      printersNotWorking: 3,
      printersNeeded: 3,
      scannersWorking: 4,
      scannersNeeded: 1,
      printersDetected: { working: 1, notWorking: 0 },
    },
    'the district needs summed over the units that send them',
  );
  t.match(row('Trung tâm Y tế huyện Bình Sơn'), { level: 'facility', computersWorking: 2, computersNotWorking: 1, computersNeeded: 3, internet: 'ok' });
  t.match(row('Trạm Y tế xã Bình Châu'), { level: 'station', stt: '1.2', computersNotWorking: 1, reasons: 'Máy tính: Hỏng nguồn; Máy in: Kẹt giấy' });
  t.match(row('Trung tâm Y tế huyện Ba Tơ'), { internet: 'down' });
  t.match(
    row('Phòng khám (bản cũ)'),
    { computersWorking: null, printersNeeded: null, internet: null, scannersWorking: 1 },
    'old site: unknown, its scanners still known',
  );
  t.match(row('Trạm Y tế xã Nghĩa Hà'), { computersWorking: null, internet: null, scannersWorking: 0 }, 'never pushed: unknown');

  const xlsx = await app.inject({ url: '/api/reports/phu-luc-03?from=2026-12-01&to=2026-12-07&format=xlsx', headers: auth });
  t.equal(xlsx.statusCode, 200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(xlsx.rawPayload).buffer);
  const ws = wb.getWorksheet(EQUIPMENT_SHEET)!;
  t.ok(ws, 'the equipment sheet');
  t.same(
    [ws.getRow(2).getCell(3).value, ws.getRow(2).getCell(6).value, ws.getRow(2).getCell(10).value],
    ['Máy tính', 'Máy in', 'Máy quét'],
    'grouped as the scanner columns',
  );
  const cells = (label: string): unknown[] => {
    for (let r = 4; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(2).value === label) return (ws.getRow(r).values as unknown[]).slice(1);
    return [];
  };
  t.same(cells('Tổng cộng').slice(2, 8), [4, 1, 4, 3, 3, 3]);
  t.same(cells('Phòng khám (bản cũ)').slice(2, 9), Array(7).fill(UNKNOWN_MARK), '"—" for the old site, not zeros');
  t.equal(cells('Phòng khám (bản cũ)')[12], UNKNOWN_MARK);
  t.equal(cells('Trung tâm Y tế huyện Ba Tơ')[12], 'Mất kết nối');

  const html = await app.inject({ url: '/api/reports/phu-luc-03?from=2026-12-01&to=2026-12-07&format=html', headers: auth });
  t.match(html.body, '<table class="equipment">', 'the printable page has the equipment table');
  t.match(html.body, /<td class="label">Phòng khám \(bản cũ\)<\/td><td class="computersWorking">—<\/td>/, '"—" on the printable page too');
}

t.test('hub on SQLite', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tiepnhan-hub-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await suite(t, () => openSql(`sqlite:${join(dir, 'hub.sqlite')}`));
});

t.test('hub on PostgreSQL', postgresRequirement(), async (t) => {
  const url = await startPostgres(t);
  await suite(t, () => openSql(url));
});
