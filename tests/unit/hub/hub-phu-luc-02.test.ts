// Phụ lục 2's rows at the hub from what it stored (a fake store): a unit that sent its account shows
// it with its exchanges (zeros for a quiet period); an expected unit that never pushed is CHƯA / CHƯA
// with zeros; a unit whose site pushes without the gateway field shows "—". Rows follow the units'
// order. The SQLite and PostgreSQL paths: tests/integration/hub-phu-luc-02.test.ts.

import t from 'tap';
import type { FacilityInventory } from '../../../daemon/src/api/report.ts';
import { hubPhuLuc02, type Phu02Store } from '../../../hub/src/hub-phu-luc-02.ts';

const facility = (id: string, name: string, order: number): FacilityInventory => ({
  id,
  name,
  province: '',
  sector: 'public',
  tier: 'district',
  order,
  stations: [],
});
const PERIODS = [
  { from: '2026-10-10', to: '2026-11-09' },
  { from: '2026-11-10', to: '2026-12-07' },
];

t.test('sent, never pushed, and cannot know', async (t) => {
  const store: Phu02Store = {
    facilities: async () => [facility('B', 'TYT xã B', 2), facility('A', 'TTYT A', 1), facility('OLD', 'PK cũ', 3)],
    gatewayUnits: async () =>
      new Map([
        ['A', { account: true, kind: 'hospital' as const }],
        ['B', { account: true, kind: 'commune' as const }],
      ]),
    gatewayTotals: async (from) => (from === '2026-11-10' ? [{ facilityId: 'A', answered: 5, failed: 1 }] : []),
  };
  const r = await hubPhuLuc02(
    store,
    [{ facilityId: 'N', name: 'PK chưa gửi', sector: 'private', tier: 'district', order: 4, siteId: 's', kind: 'clinic' }],
    PERIODS,
    new Date('2026-12-07T03:00:00Z'),
  );
  t.same(
    r.rows.map((x) => [x.facilityId, x.account, x.connected, x.periods.map((p) => p?.total ?? null)]),
    [
      ['A', 'RỒI', 'RỒI', [0, 6]],
      ['B', 'RỒI', 'CHƯA', [0, 0]],
      ['OLD', '—', '—', [null, null]],
      ['N', 'CHƯA', 'CHƯA', [0, 0]],
    ],
  );
  t.same([r.total.accountCount, r.total.connectedCount, r.total.periods[1]], [2, 1, { total: 6, success: 5, error: 1 }]);
  t.same(
    r.tiers.map((x) => [x.kind, x.units, x.connected]),
    [
      ['hospital', 2, 1],
      ['clinic', 1, 0],
      ['commune', 1, 0],
    ],
  );
});
