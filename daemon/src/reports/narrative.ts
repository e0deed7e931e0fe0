// The seed's section II.2 sentences (seed 003 lines 47, 55 and 57), written from the report's own
// rows so the text and the table can never disagree. Vietnamese first, English beside.

import type { Narrative, ReportRow } from '../api/report.ts';

const vi = new Intl.NumberFormat('vi-VN');
const en = new Intl.NumberFormat('en-GB');
const viDay = (d: string): string => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

/** A sector's successes, or "(chưa có báo cáo)" where none of its units reported (seed line 47). */
function sectorSuccesses(rows: readonly ReportRow[], sector: 'A' | 'B'): { vi: string; en: string } {
  const start = rows.findIndex((r) => r.level === 'sector' && r.stt === sector);
  const own: ReportRow[] = [];
  for (let i = start + 1; i < rows.length && rows[i]!.level !== 'sector'; i++) if (rows[i]!.level === 'facility') own.push(rows[i]!);
  if (own.every((r) => r.noReport)) return { vi: '(chưa có báo cáo)', en: '(no report)' };
  const n = rows[start]!.successes;
  return { vi: vi.format(n), en: en.format(n) };
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
      `Trong tháng (số liệu từ ngày ${viDay(period.from)} đến ngày ${viDay(period.to)}): Tổng số lượt truy cập thẻ CCCD gắn chip: ${vi.format(total.accesses)} lượt, trong đó: số lượt thành công: ${vi.format(total.successes)}; y tế công lập: ${a.vi}, y tế ngoài công lập: ${b.vi}`,
      `+ Tổng số thiết bị đầu đọc QR-Code được trang bị tại các cơ sở y tế công lập: ${vi.format(scanners)} máy (số máy đáp ứng: ${vi.format(pub.scannersWorking)}, số máy hỏng: ${vi.format(pub.scannersNotWorking)}, nhu cầu bổ sung: ${vi.format(pub.scannersNeeded)});`,
      `+ Số TYT xã, phường, thị trấn (bao gồm PKĐK, BXĐTT) có đầu đọc: ${vi.format(equipped)}/${vi.format(stations)}.`,
    ],
    en: [
      `In the period (${viDay(period.from)} to ${viDay(period.to)}): ${en.format(total.accesses)} chip-ID-card accesses, of which ${en.format(total.successes)} successful; public sector: ${a.en}, private sector: ${b.en}.`,
      `QR readers at public facilities: ${en.format(scanners)} (working: ${en.format(pub.scannersWorking)}, broken: ${en.format(pub.scannersNotWorking)}, still needed: ${en.format(pub.scannersNeeded)}).`,
      `Commune stations (incl. polyclinics and infirmaries) with a reader: ${en.format(equipped)} of ${en.format(stations)}.`,
    ],
  };
}
