// The seed's section II.2 sentences (seed 003 lines 47, 55 and 57), with figures read off the report's
// own rows so the text and the table can never disagree. Their words are in report-messages.ts.

import type { Narrative, ReportRow } from '../api/report.ts';
import { formatEn, formatVi } from './number-format.ts';
import { NARRATIVE_TEXT, type Text } from './report-messages.ts';

const viDay = (d: string): string => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

/** A sector's successes, or "(chưa có báo cáo)" where none of its units reported (seed line 47). */
function sectorSuccesses(rows: readonly ReportRow[], sector: 'A' | 'B'): Text {
  const start = rows.findIndex((r) => r.level === 'sector' && r.stt === sector);
  const own: ReportRow[] = [];
  for (let i = start + 1; i < rows.length && rows[i]!.level !== 'sector'; i++) if (rows[i]!.level === 'facility') own.push(rows[i]!);
  if (own.every((r) => r.noReport)) return NARRATIVE_TEXT.noReport;
  const n = rows[start]!.successes;
  return { vi: formatVi(n), en: formatEn(n) };
}

export function narrative(rows: readonly ReportRow[], period: { from: string; to: string }): Narrative {
  const total = rows[0]!;
  const pub = rows.find((r) => r.level === 'sector' && r.stt === 'A')!;
  const communes = rows.filter((r) => r.level === 'commune');
  const figures = {
    from: viDay(period.from),
    to: viDay(period.to),
    accesses: total.accesses,
    successes: total.successes,
    publicSuccesses: sectorSuccesses(rows, 'A'),
    privateSuccesses: sectorSuccesses(rows, 'B'),
    scanners: pub.scannersWorking + pub.scannersNotWorking,
    scannersWorking: pub.scannersWorking,
    scannersNotWorking: pub.scannersNotWorking,
    scannersNeeded: pub.scannersNeeded,
    stationsEquipped: communes.reduce((s, r) => s + (r.stationsEquipped ?? 0), 0),
    stations: communes.reduce((s, r) => s + (r.stationsTotal ?? 0), 0),
  };
  const sentences = [NARRATIVE_TEXT.accesses(figures), NARRATIVE_TEXT.scanners(figures), NARRATIVE_TEXT.stations(figures)];
  return { vi: sentences.map((x) => x.vi), en: sentences.map((x) => x.en) };
}
