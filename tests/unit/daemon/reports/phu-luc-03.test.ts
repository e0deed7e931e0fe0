// The district report's table (Phụ lục 03) from counters and inventory: the seed's row order and
// subtotals, "Tuyến xã" rows with stations equipped / all, counts that no inventory declares never
// dropped, expected units that sent nothing printed "(chưa có báo cáo)", and the causes behind "Lỗi".
// A district officer signs these figures: every subtotal must be the sum of the rows below it
// (docs/reference/report-rules.md, seed 003 Phụ lục 03 in ../shared/seeds/README.md).

import t from 'tap';
import { buildPhuLuc03, columns, NO_REPORT, TITLE, viDate, type BuildOptions, type ReportRow } from '../../../../daemon/src/reports/phu-luc-03.ts';
import { DEFAULT_PERIOD_CONFIG } from '../../../../daemon/src/reports/period-config.ts';
import type { FacilityInventory, ReportSource, ScannerInventory, StationCounts, StationInventory } from '../../../../daemon/src/reports/types.ts';

const PERIOD = { from: '2023-01-10', to: '2023-02-09' };
const SINCE = '2022-12-10';
const NOW = new Date('2023-02-10T05:00:00Z');

const scanner = (id: string, status: ScannerInventory['status']): ScannerInventory => ({
  id,
  desk: `${id}-desk`,
  mode: 'serial',
  status,
  statusSource: 'telemetry',
  reason: null,
  lastOnline: null,
});

function station(id: string, kind: StationInventory['kind'], statuses: ScannerInventory['status'][] = [], needed = 0): StationInventory {
  return { id, name: id, kind, desks: [], scanners: statuses.map((s, i) => scanner(`${id}-${i}`, s)), needed, neededReason: null };
}

function facility(id: string, name: string, over: Partial<FacilityInventory> = {}): FacilityInventory {
  return { id, name, province: 'Quảng Ngãi', sector: 'public', tier: 'district', order: 0, stations: [station('main', 'facility')], ...over };
}

const counts = (facilityId: string, stationId: string, scans: number, searches: number, errors: number, extra: Partial<StationCounts> = {}): StationCounts => ({
  facilityId,
  stationId,
  scans,
  searches,
  successes: scans + searches - errors,
  errors,
  ...extra,
});

/** An in-memory source: the period's rows when asked from the period's start, the cumulative ones otherwise. */
function source(facilities: FacilityInventory[], period: StationCounts[], cumulative: StationCounts[] = period) {
  const asked: Array<string | undefined> = [];
  const src: ReportSource = {
    facilities: async (asOf) => {
      asked.push(asOf);
      return facilities;
    },
    stationTotals: async (from) => (from === PERIOD.from ? period : cumulative),
  };
  return { src, asked };
}

const build = (src: ReportSource, over: Partial<BuildOptions> = {}) => buildPhuLuc03(src, { ...PERIOD, cumulativeSince: SINCE, now: NOW, ...over });

const SEED_KEYS = ['accesses', 'scans', 'searches', 'successes', 'errors', 'cumulative', 'scannersWorking', 'scannersNotWorking', 'scannersNeeded'] as const;
const sum = (rows: readonly ReportRow[], k: (typeof SEED_KEYS)[number]): number => rows.reduce((a, r) => a + r[k], 0);

t.test('rows come in the seed order, numbered within each tier, and every subtotal adds up', async (t) => {
  const facilities = [
    facility('P1', 'Bệnh viện Đa khoa tỉnh', { tier: 'province', order: 1, stations: [station('main', 'facility', ['working', 'notWorking'], 1)] }),
    facility('P2', 'Bệnh viện Tâm thần', { tier: 'province', order: 2 }),
    facility('D1', 'Trung tâm Y tế huyện Bình Sơn', {
      order: 1,
      stations: [station('main', 'facility', ['working']), station('xa-1', 'commune', ['working']), station('xa-2', 'commune', [], 1)],
    }),
    facility('B1', 'Phòng khám tư nhân Phúc Hưng', { sector: 'private', order: 1 }),
  ];
  const period = [counts('P1', 'main', 505, 0, 92), counts('P2', 'main', 993, 0, 0), counts('D1', 'main', 200, 15, 3), counts('D1', 'xa-1', 40, 10, 2)];
  const cumulative = [...period, counts('P1', 'main', 511, 0, 0), counts('D1', 'xa-2', 0, 7, 0), counts('B1', 'main', 4, 0, 0)];
  const { src, asked } = source(facilities, period, cumulative);
  const report = await build(src);

  t.same(
    report.rows.map((r) => [r.level, r.stt, r.label]),
    [
      ['total', '', 'Tổng cộng'],
      ['sector', 'A', 'Y tế công lập'],
      ['tier', 'I', 'Tuyến tỉnh'],
      ['facility', '1', 'Bệnh viện Đa khoa tỉnh'],
      ['facility', '2', 'Bệnh viện Tâm thần'],
      ['tier', 'II', 'Tuyến huyện - xã'],
      ['facility', '1', 'Trung tâm Y tế huyện Bình Sơn'],
      ['commune', '', 'Tuyến xã'],
      ['sector', 'B', 'Y tế ngoài công lập'],
      ['facility', '1', 'Phòng khám tư nhân Phúc Hưng'],
    ],
  );
  t.same(asked, [PERIOD.to], 'the inventory is read as it stood on the period’s last day');

  const [total, a, tierI, p1, p2, tierII, d1, xa, b, b1] = report.rows as [ReportRow, ...ReportRow[]];
  t.match(p1, {
    accesses: 505,
    scans: 505,
    searches: 0,
    successes: 413,
    errors: 92,
    cumulative: 1016,
    scannersWorking: 1,
    scannersNotWorking: 1,
    scannersNeeded: 1,
  });
  t.match(d1, { accesses: 215, scans: 200, searches: 15, successes: 212, errors: 3, cumulative: 215, scannersWorking: 1 });
  t.match(xa, { accesses: 50, scans: 40, searches: 10, successes: 48, errors: 2, cumulative: 57, scannersWorking: 1, scannersNeeded: 1 });
  t.match(b1, { accesses: 0, cumulative: 4 }, 'a unit with nothing this period still shows its cumulative count');
  for (const k of SEED_KEYS) {
    t.equal(tierI![k], sum([p1!, p2!], k), `Tuyến tỉnh ${k}`);
    t.equal(tierII![k], sum([d1!, xa!], k), `Tuyến huyện - xã ${k}`);
    t.equal(a![k], tierI![k] + tierII![k], `A ${k} = I + II`);
    t.equal(b![k], b1![k], `B ${k}`);
    t.equal(total[k], a![k] + b![k], `Tổng cộng ${k} = A + B`);
  }
  t.equal(total.accesses, total.scans + total.searches, 'an access is a scan or a search');
});

t.test('"Tuyến xã" rows count commune stations with a scanner out of all; other rows leave that cell blank', async (t) => {
  const facilities = [
    facility('D1', 'TTYT huyện Sơn Tịnh', {
      stations: [station('main', 'facility', ['working']), station('x1', 'commune', ['notWorking']), station('x2', 'commune'), station('x3', 'commune')],
    }),
    facility('D2', 'TTYT huyện Minh Long', { order: 1, stations: [station('main', 'facility'), station('y1', 'commune', ['working'])] }),
  ];
  const report = await build(source(facilities, []).src);
  const rows = report.rows.filter((r) => r.level === 'commune');
  t.same(
    rows.map((r) => [r.stationsEquipped, r.stationsTotal]),
    [
      [1, 3],
      [1, 1],
    ],
    'a station with a broken scanner is still equipped (the scanner counts as "không đáp ứng")',
  );
  t.match(rows[0], { scannersWorking: 0, scannersNotWorking: 1 });
  const byLabel = new Map(report.rows.map((r) => [r.label, r]));
  t.same([byLabel.get('TTYT huyện Sơn Tịnh')!.stationsTotal, byLabel.get('Tuyến tỉnh')!.stationsTotal], [null, null], 'no commune below: blank');
  t.match(byLabel.get('Tuyến huyện - xã'), { stationsEquipped: 2, stationsTotal: 4 }, 'subtotals add the commune rows');
  t.match(report.rows[0], { stationsEquipped: 2, stationsTotal: 4 });
});

t.test('counts nobody declared are never dropped', async (t) => {
  const facilities = [facility('D1', 'TTYT huyện Mộ Đức', { order: 1 })];
  const period = [counts('D1', 'main', 10, 0, 0), counts('D1', 'moved-desk', 3, 1, 0), counts('ZZ9', 'main', 7, 0, 1)];
  const report = await build(source(facilities, period).src);
  t.match(
    report.rows.find((r) => r.facilityId === 'D1' && r.level === 'facility'),
    { accesses: 14, scans: 13, searches: 1 },
    'an undeclared station of a known facility lands on the facility’s own row',
  );
  const stray = report.rows.find((r) => r.facilityId === 'ZZ9');
  t.match(stray, { level: 'facility', label: 'Đơn vị chưa khai báo (ZZ9)', accesses: 7, errors: 1 }, 'an undeclared facility gets a row of its own');
  t.equal(report.rows.indexOf(stray!), report.rows.findIndex((r) => r.stt === 'B') - 1, 'listed last among district units, before sector B');
  t.equal(report.rows[0]!.accesses, 21, 'and the total counts them all');
  t.same(
    report.rows.filter((r) => r.level === 'facility').map((r) => r.stt),
    ['1', '2'],
  );
});

t.test('units are ordered by their configured order, then by Vietnamese name', async (t) => {
  const facilities = [
    facility('c', 'Trung tâm Y tế huyện Ba Tơ', { order: 2 }),
    facility('b', 'Trung tâm Y tế huyện Đức Phổ', { order: 1 }),
    facility('a', 'Trung tâm Y tế huyện Bình Sơn', { order: 1 }),
  ];
  const report = await build(source(facilities, []).src);
  t.same(
    report.rows.filter((r) => r.level === 'facility').map((r) => `${r.stt} ${r.label}`),
    ['1 Trung tâm Y tế huyện Bình Sơn', '2 Trung tâm Y tế huyện Đức Phổ', '3 Trung tâm Y tế huyện Ba Tơ'],
    'Đ sorts after B in Vietnamese',
  );
});

t.test('expected units: the province list names and places them; a silent one prints "(chưa có báo cáo)" with no figures', async (t) => {
  const facilities = [
    facility('D1', 'tên do cơ sở tự đặt', { stations: [station('main', 'facility', ['working'], 2)] }),
    facility('D2', 'TTYT huyện Trà Bồng', { order: 2, stations: [station('main', 'facility', ['working'])] }),
  ];
  const expected = [
    { facilityId: 'D1', name: 'Trung tâm Y tế huyện Sơn Hà', sector: 'public', tier: 'district', order: 1, siteId: 's1' },
    { facilityId: 'D2', name: 'Trung tâm Y tế huyện Trà Bồng', sector: 'public', tier: 'district', order: 2, siteId: 's2' },
    { facilityId: 'P9', name: 'Bệnh viện Nội tiết', sector: 'public', tier: 'province', order: 6, siteId: 's3' },
    { facilityId: 'B7', name: 'Phòng khám Phúc Hưng', sector: 'private', tier: 'district', order: 1, siteId: 's4' },
  ] as const;
  const period = [counts('D1', 'main', 30, 0, 1)];
  const report = await build(source(facilities, period).src, { expected, reported: new Set(['B7']) });
  const byId = new Map(report.rows.filter((r) => r.facilityId).map((r) => [r.facilityId, r]));

  t.match(
    byId.get('D1'),
    { label: 'Trung tâm Y tế huyện Sơn Hà', noReport: false, accesses: 30, scannersNeeded: 2 },
    'the listed name wins over the site’s own',
  );
  t.match(byId.get('D2'), { label: `Trung tâm Y tế huyện Trà Bồng ${NO_REPORT}`, noReport: true, scannersWorking: 0 }, 'no counts this period: not reported');
  t.match(byId.get('P9'), { label: `Bệnh viện Nội tiết ${NO_REPORT}`, noReport: true, stt: '1' }, 'listed but never heard from, in its listed tier');
  t.match(byId.get('B7'), { label: 'Phòng khám Phúc Hưng', noReport: false, accesses: 0 }, 'reported, with nothing counted: a row of zeros');
  t.equal(report.rows.indexOf(byId.get('P9')!), 3, 'under Tuyến tỉnh');
  t.equal(report.rows.indexOf(byId.get('B7')!), report.rows.length - 1, 'under sector B');
  t.match(report.rows[0], { accesses: 30, scannersWorking: 1, scannersNeeded: 2 }, 'a silent unit adds nothing to the totals');
});

t.test('the causes behind "Lỗi" sit beside the seed columns; errors a pre-v8 site sent without causes are unexplained', async (t) => {
  const facilities = [facility('D1', 'TTYT mới', { order: 1 }), facility('D2', 'TTYT cũ', { order: 2 })];
  const period = [
    counts('D1', 'main', 100, 20, 10, {
      pending: 4,
      errorsRead: 2,
      errorsValidation: 1,
      lookupNotCovered: 3,
      lookupInput: 1,
      lookupIdentity: 1,
      lookupOther: 1,
      lostReads: 1,
    }),
    counts('D2', 'main', 50, 0, 5),
  ];
  const report = await build(source(facilities, period).src);
  const byId = new Map(report.rows.filter((r) => r.facilityId).map((r) => [r.facilityId, r]));
  t.match(byId.get('D1'), {
    errors: 10,
    pending: 4,
    errorsRead: 2,
    errorsValidation: 1,
    lookupNotCovered: 3,
    lookupInput: 1,
    lookupIdentity: 1,
    lookupOther: 1,
    lostReads: 1,
    errorsUnexplained: 0,
  });
  t.match(byId.get('D2'), { errors: 5, errorsRead: 0, lookupOther: 0, lostReads: 0, errorsUnexplained: 5, pending: 0 });
  t.match(report.rows[0], { errors: 15, errorsUnexplained: 5, errorsRead: 2, lostReads: 1, pending: 4 });
  t.same(
    report.breakdownColumns.map((c) => c.key),
    [
      'errorsRead',
      'errorsValidation',
      'lookupNotCovered',
      'lookupInput',
      'lookupIdentity',
      'lookupOther',
      'lostReads',
      'chipReads',
      'errorsUnexplained',
      'pending',
    ],
  );
});

t.test('the title names the reporting month only when the range is one period (or its running part)', async (t) => {
  const { src } = source([facility('D1', 'TTYT')], []);
  const cases: Array<[string, Partial<BuildOptions>, string | null]> = [
    ['the seed period is titled by the month it ends in', { periodConfig: DEFAULT_PERIOD_CONFIG }, 'tháng 02/2023'],
    ['or by its start month when configured', { periodConfig: { periodStartDay: 10, periodTitleMonth: 'start' } }, 'tháng 01/2023'],
    ['the running part of a period', { to: '2023-01-31', periodConfig: DEFAULT_PERIOD_CONFIG }, 'tháng 02/2023'],
    ['a free range has no month', { from: '2023-01-15', periodConfig: DEFAULT_PERIOD_CONFIG }, null],
    ['no period rules given', {}, null],
  ];
  for (const [what, over, name] of cases) {
    const report = await build(src, over);
    t.equal(report.periodName, name, what);
    t.equal(report.title, name ? `${TITLE} ${name}` : TITLE, what);
  }
});

t.test('the report carries its period, generation time, the seed’s headings and the narrative', async (t) => {
  const report = await build(source([facility('D1', 'TTYT')], [counts('D1', 'main', 12, 0, 0)]).src);
  t.same(report.period, PERIOD);
  t.equal(report.cumulativeSince, SINCE);
  t.equal(report.generatedAt, '2023-02-10T05:00:00.000Z');
  t.same(report.columns, columns(SINCE));
  t.match(report.narrative.vi[0], /từ ngày 10\/01\/2023 đến ngày 09\/02\/2023.*12 lượt/);
});

t.test('columns are the seed’s, in its order, with the cumulative start written the Vietnamese way', async (t) => {
  const cols = columns('2022-12-10');
  t.same(
    cols.map((c) => c.heading),
    [
      'STT',
      'Tên đơn vị',
      'Tổng lượt truy cập',
      'Số lượt quét thẻ',
      'Số lượt tìm kiếm',
      'Lượt thành công',
      'Lỗi',
      'Số liệu cộng dồn (từ ngày 10/12/2022)',
      'Số Trạm y tế đã được trang bị máy quét/Tổng số Trạm Y tế (cả PKDK, BX)',
      'Số máy đáp ứng',
      'Số máy không đáp ứng',
      'Nhu cầu trang bị',
    ],
  );
  t.same(
    cols.filter((c) => c.group).map((c) => [c.key, c.group]),
    [
      ['accesses', 'Số lượt truy cập thẻ CCCD'],
      ['scans', 'Số lượt truy cập thẻ CCCD'],
      ['searches', 'Số lượt truy cập thẻ CCCD'],
      ['successes', 'Số lượt truy cập thẻ CCCD'],
      ['errors', 'Số lượt truy cập thẻ CCCD'],
      ['scannersWorking', 'Số máy quét đã trang bị'],
      ['scannersNotWorking', 'Số máy quét đã trang bị'],
    ],
  );
  t.match(columns('2024-01-05')[7]!.heading, '(từ ngày 05/01/2024)');
});

t.test('viDate writes a day as the seed does', async (t) => {
  for (const [day, vi] of [
    ['2022-12-10', '10/12/2022'],
    ['2023-02-09', '09/02/2023'],
    ['2026-01-01', '01/01/2026'],
  ] as const)
    t.equal(viDate(day), vi, day);
});
