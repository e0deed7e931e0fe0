// Numbers as the report prints them: the Vietnamese page and sentences write 17.918 (a dot between
// thousands, as seed 003 does), the English ones 17,918. A district officer comparing the printed
// report with the seed's must read the same figure.

import t from 'tap';
import { formatEn, formatVi } from '../../../../daemon/src/reports/number-format.ts';

t.test('thousands are grouped with a dot in Vietnamese and a comma in English', async (t) => {
  const cases: Array<[number, string, string]> = [
    [0, '0', '0'],
    [7, '7', '7'],
    [424, '424', '424'],
    [1166, '1.166', '1,166'],
    [17918, '17.918', '17,918'],
    [34991, '34.991', '34,991'],
    [2131973, '2.131.973', '2,131,973'],
  ];
  for (const [n, vi, en] of cases) {
    t.equal(formatVi(n), vi, `vi ${n}`);
    t.equal(formatEn(n), en, `en ${n}`);
  }
});
