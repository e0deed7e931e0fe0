// Phụ lục 2 rebuilt from the seed's own rows (tests/fixtures/seed-phu-luc-02.ts): 35 units, 34 with an
// account, 33 connected, the TỔNG SỐ row's sums, the tier summary as count and percentage; a unit
// whose numbers the report cannot know shows "—"; the default periods are the previous and the
// running reporting periods; the site's own row follows its configuration.

import t from 'tap';
import {
  buildPhuLuc02,
  defaultPhuLuc02Periods,
  gatewayAccountConfigured,
  localPhuLuc02,
  periodHeading,
  type PhuLuc02Unit,
} from '../../../../daemon/src/reports/phu-luc-02.ts';
import { SEED_PHU_LUC_02, SEED_PHU_LUC_02_PERIODS, SEED_PHU_LUC_02_TOTAL } from '../../../fixtures/seed-phu-luc-02.ts';

const NOW = new Date('2019-04-01T03:00:00Z');

function seedUnits(): PhuLuc02Unit[] {
  return SEED_PHU_LUC_02.map(([stt, name, kind, account, answered, failed]) => ({
    facilityId: String(stt),
    name,
    kind,
    account,
    periods: [
      { answered, failed },
      { answered: 0, failed: 0 },
    ],
  }));
}

t.test("the seed's Phụ lục 2 arithmetic", async (t) => {
  const r = buildPhuLuc02(seedUnits(), SEED_PHU_LUC_02_PERIODS, NOW);
  t.equal(r.rows.length, 35);
  t.equal(r.total.label, 'TỔNG SỐ');
  t.equal(r.total.accountCount, SEED_PHU_LUC_02_TOTAL.issued);
  t.equal(r.total.connectedCount, SEED_PHU_LUC_02_TOTAL.connected);
  t.same(r.total.periods[0], { total: SEED_PHU_LUC_02_TOTAL.total, success: SEED_PHU_LUC_02_TOTAL.success, error: SEED_PHU_LUC_02_TOTAL.error });
  t.same(r.total.periods[1], { total: 0, success: 0, error: 0 });
  t.same([r.rows[20]!.account, r.rows[20]!.connected], ['RỒI', 'CHƯA'], 'row 21: an account, no exchange');
  t.same([r.rows[34]!.account, r.rows[34]!.connected], ['CHƯA', 'CHƯA'], 'row 35: neither');
  t.same(r.rows[0]!.periods[0], { total: 7697, success: 4710, error: 2987 }, 'row 1 as the seed prints it');
  t.equal(r.periods[0]!.heading, 'Tính từ ngày 01/05/2018 đến ngày 31/12/2018', 'the heading of seed line 101');
  t.same(
    r.tiers.map((x) => [x.label, x.units, x.connected, x.percent]),
    [
      ['TTYT / bệnh viện', 24, 23, 95.8],
      ['Phòng khám', 11, 10, 90.9],
      ['Trạm y tế xã', 0, 0, null],
    ],
  );
});

t.test('a unit the report cannot know shows —, not CHƯA', async (t) => {
  const r = buildPhuLuc02(
    [
      { facilityId: 'a', name: 'Old site', kind: 'commune', account: null, periods: [null, null] },
      { facilityId: 'b', name: 'Half known', kind: 'commune', account: true, periods: [null, { answered: 2, failed: 1 }] },
    ],
    SEED_PHU_LUC_02_PERIODS,
    NOW,
  );
  t.same([r.rows[0]!.account, r.rows[0]!.connected, r.rows[0]!.periods], ['—', '—', [null, null]]);
  t.same([r.rows[1]!.account, r.rows[1]!.connected], ['RỒI', 'RỒI']);
  t.same(r.total.periods[1], { total: 3, success: 2, error: 1 });
  t.same([r.total.accountCount, r.total.connectedCount], [1, 1]);
  t.same(r.tiers[2], { kind: 'commune', label: 'Trạm y tế xã', units: 2, connected: 1, percent: 50 });
});

t.test('default periods: the previous one, then the running one', async (t) => {
  t.same(defaultPhuLuc02Periods('2026-12-07', 10), [
    { from: '2026-10-10', to: '2026-11-09' },
    { from: '2026-11-10', to: '2026-12-07' },
  ]);
  t.same(defaultPhuLuc02Periods('2026-01-15', 1), [
    { from: '2025-12-01', to: '2025-12-31' },
    { from: '2026-01-01', to: '2026-01-15' },
  ]);
  t.equal(periodHeading('2019-01-01', '2019-03-31'), 'Tính từ ngày 01/01/2019 đến ngày 31/03/2019');
});

t.test("the site's own row", async (t) => {
  t.notOk(gatewayAccountConfigured({ url: null, username: '00000_BV', password: 'x' }), 'the bundled simulator is no account');
  t.notOk(gatewayAccountConfigured({ url: 'https://egw.example', username: '', password: 'x' }));
  t.ok(gatewayAccountConfigured({ url: 'https://egw.example', username: '46001_BV', password: 'x' }));
  const asked: string[] = [];
  const r = await localPhuLuc02(
    { facility: { id: '46001', name: 'TTYT Sơn Tịnh' }, gateway: { url: 'http://127.0.0.1:9', username: 'u', password: 'p' } },
    async (from, to) => {
      asked.push(`${from}..${to}`);
      return from === '2026-11-10'
        ? [
            { facilityId: '46001', answered: 2, failed: 1 },
            { facilityId: 'other', answered: 9, failed: 9 },
          ]
        : [];
    },
    defaultPhuLuc02Periods('2026-12-07', 10),
    NOW,
  );
  t.same(asked, ['2026-10-10..2026-11-09', '2026-11-10..2026-12-07']);
  t.same([r.rows[0]!.account, r.rows[0]!.connected, r.rows[0]!.kind], ['RỒI', 'RỒI', 'hospital']);
  t.same(
    r.rows[0]!.periods,
    [
      { total: 0, success: 0, error: 0 },
      { total: 3, success: 2, error: 1 },
    ],
    'only its own facility; zeros without exchanges',
  );
});
