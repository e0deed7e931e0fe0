// The report's sentences (seed 003 section II.2) written from the table's own rows: the district
// officer pastes them into the department's letter, so they must say what the table says, with the
// seed's wording and Vietnamese numbers, and "(chưa có báo cáo)" for a sector none of whose units reported.

import t from 'tap';
import type { ReportRow } from '../../../../daemon/src/api/report.ts';
import { narrative } from '../../../../daemon/src/reports/narrative.ts';

const ZERO = {
  facilityId: null,
  accesses: 0,
  scans: 0,
  searches: 0,
  successes: 0,
  errors: 0,
  cumulative: 0,
  stationsEquipped: null,
  stationsTotal: null,
  scannersWorking: 0,
  scannersNotWorking: 0,
  scannersNeeded: 0,
  pending: 0,
  errorsRead: 0,
  errorsValidation: 0,
  lookupNotCovered: 0,
  lookupInput: 0,
  lookupIdentity: 0,
  lookupOther: 0,
  lostReads: 0,
  chipReads: 0,
  errorsUnexplained: 0,
  noReport: false,
};
const row = (level: ReportRow['level'], stt: string, label: string, over: Partial<ReportRow> = {}): ReportRow => ({ ...ZERO, level, stt, label, ...over });

const SEED_PERIOD = { from: '2023-01-10', to: '2023-02-09' };

/** The seed's totals (Phụ lục 03, February 2023): every access public, nothing from the private sector. */
function seedShaped(): ReportRow[] {
  const a = { accesses: 17918, successes: 17494, scannersWorking: 191, scannersNotWorking: 31, scannersNeeded: 163 };
  return [
    row('total', '', 'Tổng cộng', a),
    row('sector', 'A', 'Y tế công lập', a),
    row('tier', 'I', 'Tuyến tỉnh'),
    row('facility', '1', 'Bệnh viện Đa khoa tỉnh', { facilityId: 'P1' }),
    row('tier', 'II', 'Tuyến huyện - xã'),
    row('facility', '1', 'Trung tâm Y tế huyện Bình Sơn', { facilityId: 'D1' }),
    row('commune', '', 'Tuyến xã', { facilityId: 'D1', stationsEquipped: 22, stationsTotal: 22 }),
    row('facility', '2', 'Trung tâm Y tế huyện Sơn Tịnh', { facilityId: 'D2' }),
    row('commune', '', 'Tuyến xã', { facilityId: 'D2', stationsEquipped: 0, stationsTotal: 12 }),
    row('sector', 'B', 'Y tế ngoài công lập'),
  ];
}

t.test('on the seed’s figures the sentences are the seed’s own (seed 003 lines 47 and 55)', async (t) => {
  const n = narrative(seedShaped(), SEED_PERIOD);
  t.equal(
    n.vi[0],
    'Trong tháng (số liệu từ ngày 10/01/2023 đến ngày 09/02/2023): Tổng số lượt truy cập thẻ CCCD gắn chip: 17.918 lượt, trong đó: số lượt thành công: 17.494; y tế công lập: 17.494, y tế ngoài công lập: (chưa có báo cáo)',
  );
  t.equal(
    n.vi[1],
    '+ Tổng số thiết bị đầu đọc QR-Code được trang bị tại các cơ sở y tế công lập: 222 máy (số máy đáp ứng: 191, số máy hỏng: 31, nhu cầu bổ sung: 163);',
  );
  t.equal(
    n.vi[2],
    '+ Số TYT xã, phường, thị trấn (bao gồm PKĐK, BXĐTT) có đầu đọc: 22/34.',
    'commune stations with a reader, summed over every "Tuyến xã" row',
  );
});

t.test('the English sentences carry the same figures, written the English way', async (t) => {
  const n = narrative(seedShaped(), SEED_PERIOD);
  t.same(n.en, [
    'In the period (10/01/2023 to 09/02/2023): 17,918 chip-ID-card accesses, of which 17,494 successful; public sector: 17,494, private sector: (no report).',
    'QR readers at public facilities: 222 (working: 191, broken: 31, still needed: 163).',
    'Commune stations (incl. polyclinics and infirmaries) with a reader: 22 of 34.',
  ]);
});

t.test('a sector gets its successes once any of its units reported, and "(chưa có báo cáo)" while none did', async (t) => {
  const rows = [
    row('total', '', 'Tổng cộng', { accesses: 1250, successes: 1203 }),
    row('sector', 'A', 'Y tế công lập', { accesses: 0, successes: 0 }),
    row('tier', 'I', 'Tuyến tỉnh'),
    row('facility', '1', 'Bệnh viện Nội tiết (chưa có báo cáo)', { facilityId: 'P6', noReport: true }),
    row('tier', 'II', 'Tuyến huyện - xã'),
    row('sector', 'B', 'Y tế ngoài công lập', { accesses: 1250, successes: 1203 }),
    row('facility', '1', 'Phòng khám Phúc Hưng', { facilityId: 'B1', accesses: 1250, successes: 1203 }),
    row('facility', '2', 'Phòng khám An Bình (chưa có báo cáo)', { facilityId: 'B2', noReport: true }),
  ];
  const n = narrative(rows, { from: '2026-11-10', to: '2026-12-09' });
  t.match(n.vi[0], /từ ngày 10\/11\/2026 đến ngày 09\/12\/2026/);
  t.match(n.vi[0], /y tế công lập: \(chưa có báo cáo\), y tế ngoài công lập: 1\.203$/);
  t.match(n.en[0], /public sector: \(no report\), private sector: 1,203\.$/);
  t.match(n.vi[2], /có đầu đọc: 0\/0\.$/, 'no commune row: none of none');
});
