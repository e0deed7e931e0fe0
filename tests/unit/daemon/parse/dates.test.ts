// Calendar dates as the cards write them (ddmmyyyy on the CCCD QR, dd/mm/yyyy on the BHYT card and in
// typed searches) become ISO dates, and only real calendar days pass: a misread 31 February must be
// refused, not stored as 3 March. ISO goes back to dd/mm/yyyy for the BHXH gateway
// (docs/research/qr-formats.md §3.4).

import t from 'tap';
import { daysInMonth, isoDate, isoToDmy, parseDdmmyyyy, parseLooseDate } from '../../../../daemon/src/parse/dates.ts';

t.test('days in each month, with the Gregorian leap years', async (t) => {
  const cases: Array<[number, number, number]> = [
    [2025, 1, 31],
    [2025, 2, 28],
    [2024, 2, 29],
    [2000, 2, 29],
    [1900, 2, 28],
    [2100, 2, 28],
    [2025, 4, 30],
    [2025, 6, 30],
    [2025, 7, 31],
    [2025, 9, 30],
    [2025, 11, 30],
    [2025, 12, 31],
  ];
  for (const [y, m, d] of cases) t.equal(daysInMonth(y, m), d, `${m}/${y}`);
});

t.test('isoDate: a real day, zero-padded; anything else null', async (t) => {
  t.equal(isoDate(1989, 3, 15), '1989-03-15');
  t.equal(isoDate(2024, 2, 29), '2024-02-29');
  const bad: Array<[string, number, number, number]> = [
    ['29 February of a common year', 2023, 2, 29],
    ['31 April', 2025, 4, 31],
    ['day 0', 2025, 1, 0],
    ['month 0', 2025, 0, 1],
    ['month 13', 2025, 13, 1],
    ['a 3-digit year', 999, 1, 1],
    ['a 5-digit year', 10000, 1, 1],
    ['a fractional day', 2025, 1, 1.5],
    ['NaN (a field that was not a number)', Number.NaN, 1, 1],
  ];
  for (const [what, y, m, d] of bad) t.equal(isoDate(y, m, d), null, what);
});

t.test('ddmmyyyy, the CCCD QR form', async (t) => {
  const cases: Array<[string, string | null]> = [
    ['15031989', '1989-03-15'],
    ['29022024', '2024-02-29'],
    ['01011900', '1900-01-01'],
    ['31021989', null],
    ['29022023', null],
    ['1503198', null],
    ['150319890', null],
    ['15/03/1989', null],
    ['1503l989', null],
    ['', null],
  ];
  for (const [s, iso] of cases) t.equal(parseDdmmyyyy(s), iso, JSON.stringify(s));
});

t.test('loose dates: slashes, dashes, dots, one-digit day and month, or ddmmyyyy', async (t) => {
  const cases: Array<[string, string | null]> = [
    ['15/03/1989', '1989-03-15'],
    ['15-03-1989', '1989-03-15'],
    ['15.03.1989', '1989-03-15'],
    ['5/3/1989', '1989-03-05'],
    ['15031989', '1989-03-15'],
    ['29.02.2023', null],
    ['15/13/1989', null],
    ['1989-03-15', null],
    ['15/03/89', null],
    ['15 03 1989', null],
    ['115/03/1989', null],
  ];
  for (const [s, iso] of cases) t.equal(parseLooseDate(s), iso, JSON.stringify(s));
});

t.test('ISO to dd/mm/yyyy for the gateway, and back again', async (t) => {
  t.equal(isoToDmy('1989-03-15'), '15/03/1989');
  t.equal(isoToDmy('2005-11-02'), '02/11/2005');
  for (const iso of ['1989-03-15', '2024-02-29', '2000-12-31']) t.equal(parseLooseDate(isoToDmy(iso)), iso, `round trip ${iso}`);
});
