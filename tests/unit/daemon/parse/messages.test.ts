// The parser's refusals and warnings as the receptionist reads them: every code has a Vietnamese and
// an English text (the right way round), a detail is appended to both, and every refusal falls in
// the class a district officer sees in the report (read: worn card or mis-set scanner; format: not
// an ID-card QR; validation: the data fails the card's rules).

import t from 'tap';
import { errorClassOf, errorOf, PARSE_ERRORS, PARSE_WARNINGS, warningOf, type ErrorClass } from '../../../../daemon/src/parse/messages.ts';

// Vietnamese text has letters ASCII lacks (đ, ơ, ư, tones); the English text has none of them.
const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i;

t.test('every error and warning reads in Vietnamese and in English', async (t) => {
  for (const [code, m] of [...Object.entries(PARSE_ERRORS), ...Object.entries(PARSE_WARNINGS)]) {
    t.match(m.vi, VIETNAMESE, `${code}: the vi text is Vietnamese`);
    t.ok(m.en.length > 10, `${code}: there is an English text`);
    t.notMatch(m.en.replace(/"Nữ"/, ''), VIETNAMESE, `${code}: the en text is English (apart from quoted card words)`);
  }
});

t.test('errorOf gives the code with both texts; a detail is appended to each language', async (t) => {
  t.same(errorOf('empty'), { code: 'empty', vi: 'Không có dữ liệu quét.', en: 'The read was empty.' });
  t.same(errorOf('fieldCount', { vi: '(có 12 trường)', en: '(12 fields found)' }), {
    code: 'fieldCount',
    vi: 'Số trường dữ liệu không đúng mẫu thẻ căn cước (7 hoặc 11 trường). (có 12 trường)',
    en: 'Wrong number of fields for an ID-card QR (7 or 11 expected). (12 fields found)',
  });
});

t.test('warningOf gives the code with both texts', async (t) => {
  for (const code of Object.keys(PARSE_WARNINGS) as Array<keyof typeof PARSE_WARNINGS>) {
    t.same(warningOf(code), { code, vi: PARSE_WARNINGS[code].vi, en: PARSE_WARNINGS[code].en }, code);
  }
});

t.test('every refusal has its class in the report', async (t) => {
  const CLASS: Record<keyof typeof PARSE_ERRORS, ErrorClass> = {
    empty: 'read',
    encoding: 'read',
    tooLong: 'read',
    truncated: 'read',
    notCccd: 'format',
    fieldCount: 'format',
    reencoded: 'format',
    vneidApp: 'format',
    vssidApp: 'format',
    appToken: 'format',
    covidQr: 'format',
    bhytFormat: 'format',
    idFormat: 'validation',
    oldIdFormat: 'validation',
    nameInvalid: 'validation',
    dateInvalid: 'validation',
    dateOrder: 'validation',
    sexInvalid: 'validation',
    idMismatch: 'validation',
    // A chip reader that failed or stopped mid-card is a card not read; a chip without a usable identity, a wrong form.
    chipFailed: 'read',
    chipIncomplete: 'read',
    chipMalformed: 'read',
    chipNoIdentity: 'format',
  };
  for (const [code, cls] of Object.entries(CLASS)) t.equal(errorClassOf(code), cls, code);
});

t.test("codes from outside the parser (a search's refusal) count as validation", async (t) => {
  t.equal(errorClassOf('searchDigitCount'), 'validation');
  t.equal(errorClassOf('needsDetails'), 'validation');
});
