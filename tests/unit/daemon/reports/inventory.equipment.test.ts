// Each station's equipment (#29 item 3): computers and printers as counted (zeros with no date until
// a technician counts them), scanners from the inventory, the link from the gateway, and the PC's
// printers only on the first station (where the daemon runs).

import t from 'tap';
import { resolveConfig } from '../../../../daemon/src/config/load.ts';
import { facilityInventory, type ScannerRecord } from '../../../../daemon/src/reports/inventory.ts';

const now = new Date('2026-12-07T03:00:00Z');
const rules = resolveConfig({}).inventory;
const facility = resolveConfig({
  facility: {
    id: 'F1',
    stations: [
      { id: 'main', desks: ['desk-1', 'desk-2'] },
      { id: 'tram-1', kind: 'commune', desks: ['tram-1-desk'] },
    ],
  },
}).facility;
const scanner = (deviceId: string, deskId: string, overrideStatus: ScannerRecord['overrideStatus'] = null): ScannerRecord => ({
  deviceId,
  deskId,
  mode: 'serial',
  lastOnline: now.toISOString(),
  overrideStatus,
  overrideReason: overrideStatus ? 'Hỏng' : null,
});
const detected = { source: 'cups', working: 1, notWorking: 0, names: ['HP'], at: now.toISOString() } as const;

t.test('counted, derived and sensed, per station', async (t) => {
  const inv = facilityInventory(facility, [scanner('s1', 'desk-1'), scanner('s2', 'desk-2', 'notWorking')], new Map(), now, rules, {
    counts: [{ stationId: 'main', kind: 'computers', working: 2, notWorking: 1, needed: 0, reason: 'Hỏng nguồn', updatedAt: '2026-12-06T01:00:00.000Z' }],
    internet: 'down',
    printers: detected,
  });
  const [main, tram] = inv.stations;
  t.same(main!.equipment, {
    computers: { working: 2, notWorking: 1, needed: 0, reason: 'Hỏng nguồn', updatedAt: '2026-12-06T01:00:00.000Z' },
    printers: { working: 0, notWorking: 0, needed: 0, reason: null, updatedAt: null, detected },
    scanners: { working: 1, notWorking: 1, needed: 1 },
    internet: 'down',
  });
  t.equal(tram!.equipment!.printers.detected, null, 'the PC is not at the commune station');
  t.same(tram!.equipment!.scanners, { working: 0, notWorking: 0, needed: 1 });
});

t.test("without equipment knowledge (an old snapshot's shape): no field", async (t) => {
  const inv = facilityInventory(facility, [], new Map(), now, rules);
  t.notOk('equipment' in inv.stations[0]!);
});
