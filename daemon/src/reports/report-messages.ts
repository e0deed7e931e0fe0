// What the district office (and whoever runs `tiepnhan report`) reads in Vietnamese and English: the
// seed's section II.2 sentences under Phụ lục 03 (every report format) and the refusal of a bad period (CLI, /api/reports).

import { formatEn, formatVi } from './number-format.ts';

export interface Text {
  readonly vi: string;
  readonly en: string;
}

/** The figures of the three sentences (seed 003 lines 47, 55 and 57); days as dd/mm/yyyy. */
export interface NarrativeFigures {
  readonly from: string;
  readonly to: string;
  readonly accesses: number;
  readonly successes: number;
  /** Each sector's successes, already written out (a number, or "no report"). */
  readonly publicSuccesses: Text;
  readonly privateSuccesses: Text;
  readonly scanners: number;
  readonly scannersWorking: number;
  readonly scannersNotWorking: number;
  readonly scannersNeeded: number;
  readonly stationsEquipped: number;
  readonly stations: number;
}

export const NARRATIVE_TEXT = {
  noReport: { vi: '(chưa có báo cáo)', en: '(no report)' },
  accesses: (f: NarrativeFigures) => ({
    vi: `Trong tháng (số liệu từ ngày ${f.from} đến ngày ${f.to}): Tổng số lượt truy cập thẻ CCCD gắn chip: ${formatVi(f.accesses)} lượt, trong đó: số lượt thành công: ${formatVi(f.successes)}; y tế công lập: ${f.publicSuccesses.vi}, y tế ngoài công lập: ${f.privateSuccesses.vi}`,
    en: `In the period (${f.from} to ${f.to}): ${formatEn(f.accesses)} chip-ID-card accesses, of which ${formatEn(f.successes)} successful; public sector: ${f.publicSuccesses.en}, private sector: ${f.privateSuccesses.en}.`,
  }),
  scanners: (f: NarrativeFigures) => ({
    vi: `+ Tổng số thiết bị đầu đọc QR-Code được trang bị tại các cơ sở y tế công lập: ${formatVi(f.scanners)} máy (số máy đáp ứng: ${formatVi(f.scannersWorking)}, số máy hỏng: ${formatVi(f.scannersNotWorking)}, nhu cầu bổ sung: ${formatVi(f.scannersNeeded)});`,
    en: `QR readers at public facilities: ${formatEn(f.scanners)} (working: ${formatEn(f.scannersWorking)}, broken: ${formatEn(f.scannersNotWorking)}, still needed: ${formatEn(f.scannersNeeded)}).`,
  }),
  stations: (f: NarrativeFigures) => ({
    vi: `+ Số TYT xã, phường, thị trấn (bao gồm PKĐK, BXĐTT) có đầu đọc: ${formatVi(f.stationsEquipped)}/${formatVi(f.stations)}.`,
    en: `Commune stations (incl. polyclinics and infirmaries) with a reader: ${formatEn(f.stationsEquipped)} of ${formatEn(f.stations)}.`,
  }),
} as const;

/** Why a reporting period is refused (REPORT_PERIOD_INVALID). */
export const PERIOD_TEXT = {
  periodAndDates: { vi: 'Dùng --period hoặc --from/--to, không cả hai.', en: 'Use --period or --from/--to, not both.' },
  badMonth: { vi: 'Kỳ báo cáo không hợp lệ: dùng dạng YYYY-MM, ví dụ 2026-11.', en: 'Invalid period: use YYYY-MM, for example 2026-11.' },
  badDay: { vi: 'Ngày không hợp lệ: dùng dạng YYYY-MM-DD, ví dụ 2023-01-10.', en: 'Invalid date: use YYYY-MM-DD, for example 2023-01-10.' },
  reversed: (from: string, to: string) => ({ vi: `Ngày bắt đầu ${from} sau ngày kết thúc ${to}.`, en: `The start ${from} is after the end ${to}.` }),
  tooManyPeriods: { vi: 'Phụ lục 2 có tối đa hai kỳ: --from/--to nhiều nhất hai lần.', en: 'Phụ lục 2 has at most two periods: --from/--to at most twice.' },
} as const;
