// The equipment sheet's rows (#29 item 3): a unit sums its stations, the district total sums the
// units that send equipment, and a unit without it (an older site, or one that never pushed) is null
// ("—"), never zero, while its scanners stay counted.

import t from 'tap';
import type { FacilityInventory, StationEquipment, StationInventory } from '../../../../daemon/src/api/report.ts';
import { equipmentRows } from '../../../../daemon/src/reports/equipment-sheet.ts';

const c = (working: number, notWorking: number, needed: number, reason: string | null = null) => ({ working, notWorking, needed, reason, updatedAt: null });
const eq = (internet: StationEquipment['internet'], computers = c(1, 0, 1)): StationEquipment => ({
  computers,
  printers: { ...c(1, 0, 0), detected: null },
  scanners: { working: 0, notWorking: 0, needed: 1 },
  internet,
});
const st = (id: string, e?: StationEquipment): StationInventory => ({
  id,
  name: id,
  kind: 'facility',
  desks: [],
  scanners: [{ id: `${id}-s`, desk: 'd', mode: 'serial', status: 'notWorking', statusSource: 'override', reason: 'x', lastOnline: null }],
  needed: 1,
  neededReason: null,
  ...(e && { equipment: e }),
});
const f = (id: string, stations: StationInventory[]): FacilityInventory => ({
  id,
  name: id,
  province: '',
  sector: 'public',
  tier: 'district',
  order: 0,
  stations,
});

t.test('units, stations, the total', async (t) => {
  const rows = equipmentRows([
    f('A', [st('a1', eq('ok')), st('a2', eq('down', c(0, 2, 2, 'Hỏng')))]),
    f('OLD', [st('o1')]),
    f('MIXED', [st('m1', eq('ok')), st('m2')]),
    f('SILENT', []),
  ]);
  t.same(
    rows.map((r) => [r.level, r.stt, r.label]),
    [
      ['total', '', 'Tổng cộng'],
      ['facility', '1', 'A'],
      ['station', '1.1', 'a1'],
      ['station', '1.2', 'a2'],
      ['facility', '2', 'OLD'],
      ['station', '2.1', 'o1'],
      ['facility', '3', 'MIXED'],
      ['station', '3.1', 'm1'],
      ['station', '3.2', 'm2'],
      ['facility', '4', 'SILENT'],
    ],
  );
  t.match(rows[1], { computersWorking: 1, computersNotWorking: 2, computersNeeded: 3, internet: 'down', scannersNotWorking: 2, scannersNeeded: 2 });
  t.match(rows[3], { reasons: 'Máy tính: Hỏng', internet: 'down' });
  t.match(rows[4], { computersWorking: null, printersNeeded: null, internet: null, scannersNotWorking: 1 }, 'an old site: unknown');
  t.match(rows[6], { computersWorking: null, internet: 'ok' }, 'a unit partly unknown is unknown');
  t.match(rows[9], { computersWorking: null, scannersWorking: 0, internet: null });
  t.match(rows[0], {
    computersWorking: 1,
    computersNotWorking: 2,
    computersNeeded: 3,
    scannersNotWorking: 5,
    scannersNeeded: 5,
    internet: null,
    printersDetected: null,
  });
});

t.test('nobody sends equipment: the total is unknown too', async (t) => {
  t.match(equipmentRows([f('OLD', [st('o1')])])[0], { computersWorking: null, scannersNotWorking: 1 });
});
