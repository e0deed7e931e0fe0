// The sentences of Phụ lục 03 and the refusals of a bad period: the district reads the Vietnamese,
// the English says the same figures (numbers written the Vietnamese way, 12.345, and the English way,
// 12,345), and a refused period names the dates that were given.

import t from 'tap';
import { NARRATIVE_TEXT, PERIOD_TEXT, type NarrativeFigures } from '../../../../daemon/src/reports/report-messages.ts';
import { fixedTextProblems, textProblems } from '../../../helpers/catalogue.ts';

const FIGURES: NarrativeFigures = {
  from: '01/11/2026',
  to: '30/11/2026',
  accesses: 12345,
  successes: 12001,
  publicSuccesses: { vi: '11.000', en: '11,000' },
  privateSuccesses: NARRATIVE_TEXT.noReport,
  scanners: 42,
  scannersWorking: 40,
  scannersNotWorking: 2,
  scannersNeeded: 5,
  stationsEquipped: 17,
  stations: 19,
};

t.test('the report sentences carry every figure in both languages', async (t) => {
  t.same(fixedTextProblems(NARRATIVE_TEXT), []);
  const accesses = NARRATIVE_TEXT.accesses(FIGURES);
  t.same(textProblems('accesses', accesses, ['01/11/2026', '30/11/2026']), []);
  t.match(accesses.vi, /12\.345 lượt.*thành công: 12\.001.*công lập: 11\.000.*ngoài công lập: \(chưa có báo cáo\)/);
  t.match(accesses.en, /12,345 .*12,001 successful.*public sector: 11,000, private sector: \(no report\)/);
  const scanners = NARRATIVE_TEXT.scanners(FIGURES);
  t.same(textProblems('scanners', scanners, ['42', '40', '2', '5']), []);
  t.same(textProblems('stations', NARRATIVE_TEXT.stations(FIGURES), ['17', '19']), []);
});

t.test('a refused period says why, with the dates given', async (t) => {
  t.same(fixedTextProblems(PERIOD_TEXT), []);
  t.same(textProblems('reversed', PERIOD_TEXT.reversed('2026-11-30', '2026-11-01'), ['2026-11-30', '2026-11-01']), []);
});
