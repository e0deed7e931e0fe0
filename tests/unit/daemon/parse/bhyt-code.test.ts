// The 15-character BHYT card code GG L PP NNNNNNNNNN explained for the receptionist: beneficiary
// group, benefit level, issuing province and the lifelong 10-digit BHXH number
// (docs/research/qr-formats.md §3.1, §3.3). A code of the wrong shape is refused (null); letters in
// the number part pass as `loose`, because the gateway, not the desk, decides (§3.1).

import t from 'tap';
import { explainBhytCode } from '../../../../daemon/src/parse/bhyt-code.ts';

t.test('a well-formed code is split into group, level, province and BHXH number', async (t) => {
  t.same(explainBhytCode('DN4010123456789'), {
    code: 'DN4010123456789',
    group: { code: 'DN', known: true, vi: 'Người lao động trong doanh nghiệp', en: 'Enterprise employee' },
    level: { digit: '4', vi: 'Mức 4: 80%', en: 'Level 4: 80%' },
    province: { code: '01', name: 'Hà Nội' },
    bhxh: '0123456789',
    loose: false,
  });
});

t.test('groups from each part of the list are known, with both languages', async (t) => {
  const groups: Array<[string, RegExp]> = [
    ['HT', /Pensioner/],
    ['TE', /Child under 6/],
    ['HN', /Poor household/],
    ['CN', /Near-poor household/],
    ['QN', /Military/],
    ['CA', /Police/],
    ['CC', /revolutionary merit/],
    ['SV', /Student/],
    ['GD', /Household-based/],
    ['PV', /Carer/],
  ];
  for (const [g, en] of groups) {
    const e = explainBhytCode(`${g}3790123456789`);
    t.equal(e?.group.known, true, `${g} is known`);
    t.match(e?.group.en, en, `${g} in English`);
    t.ok((e?.group.vi ?? '').length > 0, `${g} in Vietnamese`);
  }
});

t.test('an unknown group is still explained, marked unknown and without a text', async (t) => {
  const e = explainBhytCode('ZZ3990123456789');
  t.same(e?.group, { code: 'ZZ', known: false });
  t.same(e?.province, { code: '99', name: null }, 'province 99 is not one of the 63 codes');
  t.equal(e?.bhxh, '0123456789');
});

t.test('each benefit level 1–5 has its own text; the percentage is shown in both languages', async (t) => {
  const expected: Record<string, [RegExp, RegExp]> = {
    '1': [/Mức 1: 100%/, /Level 1: 100%, no ratio ceilings/],
    '2': [/Mức 2: 100%/, /Level 2: 100%, within MoH ratio ceilings/],
    '3': [/Mức 3: 95%/, /Level 3: 95%/],
    '4': [/Mức 4: 80%/, /Level 4: 80%/],
    '5': [/Mức 5: 100%/, /Level 5: 100%, including items outside/],
  };
  for (const [digit, [vi, en]] of Object.entries(expected)) {
    const level = explainBhytCode(`HS${digit}790123456789`)?.level;
    t.equal(level?.digit, digit);
    t.match(level?.vi, vi, `level ${digit} in Vietnamese`);
    t.match(level?.en, en, `level ${digit} in English`);
  }
});

t.test('the province is read from characters 4–5 with the GSO codes of the ID (no leading 0)', async (t) => {
  t.equal(explainBhytCode('DN4790123456789')?.province.name, 'TP Hồ Chí Minh');
  t.equal(explainBhytCode('DN4960123456789')?.province.name, 'Cà Mau');
  t.equal(explainBhytCode('DN4030123456789')?.province.name, null, '03 is an unused number');
});

t.test('letters in the 10-character number part pass, marked loose', async (t) => {
  const e = explainBhytCode('DN40101234AB789');
  t.equal(e?.loose, true);
  t.equal(e?.bhxh, '01234AB789');
});

t.test('codes of the wrong shape are refused', async (t) => {
  const bad: Array<[string, string]> = [
    ['level 0', 'DN0010123456789'],
    ['level 6', 'DN6010123456789'],
    ['lower case (callers upper-case first)', 'dn4010123456789'],
    ['14 characters', 'DN401012345678'],
    ['16 characters', 'DN40101234567890'],
    ['a digit in the group', 'D14010123456789'],
    ['a letter in the province', 'DN4A10123456789'],
    ['spaces as printed on the card', 'DN 4 01 0123456789'],
    ['the 10-digit number alone', '0123456789'],
    ['empty', ''],
  ];
  for (const [what, code] of bad) t.equal(explainBhytCode(code), null, what);
});
