// Scanner status from telemetry (offline days, error rate) and overrides; needs per station; where a
// desk belongs; report periods.

import t from 'tap';
import { resolveConfig } from '../../../../daemon/src/config/load.ts';
import { facilityInventory, scannerStatus, type ScannerRecord } from '../../../../daemon/src/reports/inventory.ts';
import { period } from '../../../../daemon/src/reports/period.ts';
import { placeResolver } from '../../../../daemon/src/vocabulary/place.ts';

const now = new Date('2026-11-23T03:00:00Z');
const rules = resolveConfig({}).inventory;
const hoursAgo = (h: number): string => new Date(now.getTime() - h * 3600_000).toISOString();
const scanner = (over: Partial<ScannerRecord> = {}): ScannerRecord => ({
  deviceId: 's1',
  deskId: 'desk-1',
  mode: 'serial',
  lastOnline: hoursAgo(1),
  overrideStatus: null,
  overrideReason: null,
  ...over,
});
const reads = (scans: number, errors: number) => ({ scans, searches: 0, successes: scans - errors, errors });

t.test('telemetry: offline longer than offlineDays, or too many errors, means not working', async (t) => {
  t.match(scannerStatus(scanner(), reads(100, 5), now, rules), { status: 'working', statusSource: 'telemetry', reason: null });
  t.match(
    scannerStatus(scanner({ lastOnline: hoursAgo(24 * rules.offlineDays - 1) }), undefined, now, rules),
    { status: 'working' },
    'just inside the offline window',
  );
  t.match(scannerStatus(scanner({ lastOnline: hoursAgo(24 * rules.offlineDays + 1) }), undefined, now, rules), {
    status: 'notWorking',
    reason: /Mất kết nối quá 3 ngày.*offline for more than 3 days/,
  });
  t.match(scannerStatus(scanner({ lastOnline: null }), undefined, now, rules), { status: 'notWorking' }, 'never seen online');
  t.match(scannerStatus(scanner(), reads(100, 21), now, rules), { status: 'notWorking', reason: /Tỷ lệ lỗi 21%.*error rate 21%/ });
  t.match(scannerStatus(scanner(), reads(100, 20), now, rules), { status: 'working' }, 'at the threshold is still working');
  t.match(
    scannerStatus(scanner(), reads(rules.errorRateMinReads - 1, rules.errorRateMinReads - 1), now, rules),
    { status: 'working' },
    'too few reads to judge',
  );
});

t.test('a technician override wins over telemetry, both ways', async (t) => {
  t.match(scannerStatus(scanner({ overrideStatus: 'notWorking', overrideReason: 'nứt kính' }), reads(100, 0), now, rules), {
    status: 'notWorking',
    statusSource: 'override',
    reason: 'nứt kính',
  });
  t.match(scannerStatus(scanner({ lastOnline: null, overrideStatus: 'working', overrideReason: 'dùng qua máy khác' }), undefined, now, rules), {
    status: 'working',
    statusSource: 'override',
  });
});

t.test('needs are desks without a working scanner, unless overridden', async (t) => {
  const facility = resolveConfig({
    facility: {
      id: 'F',
      name: 'TTYT',
      stations: [
        { id: 'main', desks: ['d1', 'd2', 'd3'] },
        { id: 'xa', kind: 'commune', desks: ['x1'], needOverride: { count: 2, reason: 'mở thêm quầy' } },
      ],
    },
  }).facility;
  const inv = facilityInventory(
    facility,
    [
      scanner({ deviceId: 'a', deskId: 'd1' }),
      scanner({ deviceId: 'b', deskId: 'd2', lastOnline: null }),
      scanner({ deviceId: 'c', deskId: 'x1' }),
      scanner({ deviceId: 'd', deskId: 'd9' }),
    ],
    new Map(),
    now,
    rules,
  );
  const main = inv.stations[0]!;
  t.same(main.desks, ['d1', 'd2', 'd3', 'd9'], 'an unlisted desk belongs to the main station');
  t.same(
    main.scanners.map((s) => [s.id, s.status]),
    [
      ['a', 'working'],
      ['b', 'notWorking'],
      ['d', 'working'],
    ],
  );
  t.equal(main.needed, 2, 'd2 (broken scanner) and d3 (none) need one each');
  t.match(inv.stations[1], { needed: 2, neededReason: 'mở thêm quầy', name: 'TTYT' });
});

t.test('a desk is placed at the station that lists it', async (t) => {
  const f = resolveConfig({
    facility: {
      id: 'F',
      stations: [
        { id: 'xa', kind: 'commune', desks: ['x'] },
        { id: 'bv', desks: ['b'] },
      ],
    },
  }).facility;
  const at = placeResolver(f);
  t.same(at('x'), { facilityId: 'F', stationId: 'xa' });
  t.same(at('other'), { facilityId: 'F', stationId: 'bv' }, 'unlisted desks go to the first facility-kind station');
  t.same(placeResolver(resolveConfig({}).facility)('desk-1'), { facilityId: '00000', stationId: 'main' }, 'the embedded default');
});

t.test('periods: defaults, impossible dates and reversed ends', async (t) => {
  t.same(period(undefined, undefined, now), { ok: true, from: '2026-11-01', to: '2026-11-23' });
  t.match(period('2023-02-29', '2023-03-01', now), { ok: false, error: { code: 'REPORT_PERIOD_INVALID' } });
  t.match(period('2023-03-02', '2023-03-01', now), { ok: false, error: { en: /after the end/ } });
  t.match(period('2023-1-1', undefined, now), { ok: false });
});
