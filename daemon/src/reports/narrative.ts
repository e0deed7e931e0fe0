// The seed's section II.2 sentences (seed 003 lines 47, 55 and 57), written from the report's own
// rows so the text and the table can never disagree. Vietnamese first, English beside.

import type { Narrative, ReportRow } from '../api/report.ts';
import { formatEn, formatVi } from './number-format.ts';

const viDay = (d: string): string => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

/** A sector's successes, or "(chưa có báo cáo)" where none of its units reported (seed line 47). */
function sectorSuccesses(rows: readonly ReportRow[], sector: 'A' | 'B'): { vi: string; en: string } {
  const start = rows.findIndex((r) => r.level === 'sector' && r.stt === sector);
  const own: ReportRow[] = [];
  for (let i = start + 1; i < rows.length && rows[i]!.level !== 'sector'; i++) if (rows[i]!.level === 'facility') own.push(rows[i]!);
  if (own.every((r) => r.noReport)) return { vi: '(chưa có báo cáo)', en: '(no report)' };
  const n = rows[start]!.successes;
  return { vi: formatVi(n), en: formatEn(n) };
}

export function narrative(rows: readonly ReportRow[], period: { from: string; to: string }): Narrative {
  const total = rows[0]!;
  const pub = rows.find((r) => r.level === 'sector' && r.stt === 'A')!;
  const a = sectorSuccesses(rows, 'A');
  const b = sectorSuccesses(rows, 'B');
  const communes = rows.filter((r) => r.level === 'commune');
  const equipped = communes.reduce((s, r) => s + (r.stationsEquipped ?? 0), 0);
  const stations = communes.reduce((s, r) => s + (r.stationsTotal ?? 0), 0);
  const scanners = pub.scannersWorking + pub.scannersNotWorking;
  return {
    vi: [
      `Trong tháng (số liệu từ ngày ${viDay(period.from)} đến ngày ${viDay(period.to)}): Tổng số lượt truy cập thẻ CCCD gắn chip: ${formatVi(total.accesses)} lượt, trong đó: số lượt thành công: ${formatVi(total.successes)}; y tế công lập: ${a.vi}, y tế ngoài công lập: ${b.vi}`,
      `+ Tổng số thiết bị đầu đọc QR-Code được trang bị tại các cơ sở y tế công lập: ${formatVi(scanners)} máy (số máy đáp ứng: ${formatVi(pub.scannersWorking)}, số máy hỏng: ${formatVi(pub.scannersNotWorking)}, nhu cầu bổ sung: ${formatVi(pub.scannersNeeded)});`,
      `+ Số TYT xã, phường, thị trấn (bao gồm PKĐK, BXĐTT) có đầu đọc: ${formatVi(equipped)}/${formatVi(stations)}.`,
    ],
    en: [
      `In the period (${viDay(period.from)} to ${viDay(period.to)}): ${formatEn(total.accesses)} chip-ID-card accesses, of which ${formatEn(total.successes)} successful; public sector: ${a.en}, private sector: ${b.en}.`,
      `QR readers at public facilities: ${formatEn(scanners)} (working: ${formatEn(pub.scannersWorking)}, broken: ${formatEn(pub.scannersNotWorking)}, still needed: ${formatEn(pub.scannersNeeded)}).`,
      `Commune stations (incl. polyclinics and infirmaries) with a reader: ${formatEn(equipped)} of ${formatEn(stations)}.`,
    ],
  };
}
