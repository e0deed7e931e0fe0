// The words the desk reads about a chip's verification claim no more than the check did: a failed
// check is a WARNING in both languages naming what failed; integrity says the data matches the chip's
// own signature; issuer adds the issuing authority; nothing anywhere calls the chip genuine or
// says the police (C06) confirmed it.

import t from 'tap';
import { CHIP_LEVEL_TEXT, chipFailedText } from '../../../../daemon/src/chip/chip-messages.ts';
import type { ChipCheck } from '../../../../daemon/src/chip/passive-auth.ts';

const CHECKS: readonly ChipCheck[] = ['sodFormat', 'dgNotListed', 'dgHash', 'messageDigest', 'signature', 'issuer'];

t.test('every failed check: a warning in Vietnamese and English, each naming its own cause', async (t) => {
  const texts = CHECKS.map((check) => chipFailedText(check));
  for (const [i, text] of texts.entries()) {
    t.match(text.vi, /^CẢNH BÁO/, `${CHECKS[i]} vi`);
    t.match(text.en, /^WARNING/, `${CHECKS[i]} en`);
    t.match(text.vi, /Đối chiếu giấy tờ/, `${CHECKS[i]}: tells the receptionist what to do`);
  }
  t.equal(new Set(texts.map((x) => x.vi)).size, CHECKS.length, 'six different Vietnamese texts');
  t.equal(new Set(texts.map((x) => x.en)).size, CHECKS.length, 'six different English texts');
  t.match(chipFailedText('dgHash').vi, /đã bị sửa/);
  t.match(chipFailedText('issuer').en, /CSCA/);
});

t.test('the levels say what was checked', async (t) => {
  t.match(CHIP_LEVEL_TEXT.integrity.vi, /khớp chữ ký trên chip/);
  t.match(CHIP_LEVEL_TEXT.integrity.en, /matches the signature on the chip/);
  t.notMatch(CHIP_LEVEL_TEXT.integrity.vi, /Ký bởi cơ quan cấp/, 'integrity does not claim the issuer');
  t.notMatch(CHIP_LEVEL_TEXT.integrity.en, /issuing authority/);
  t.match(CHIP_LEVEL_TEXT.issuer.vi, /khớp chữ ký trên chip/);
  t.match(CHIP_LEVEL_TEXT.issuer.vi, /Ký bởi cơ quan cấp/);
  t.match(CHIP_LEVEL_TEXT.issuer.en, /Signed by the issuing authority/);
  t.match(CHIP_LEVEL_TEXT.none.vi, /Chưa kiểm tra chữ ký/);
  t.match(CHIP_LEVEL_TEXT.none.en, /not checked/);
});

t.test('no text claims the chip is genuine or that C06 confirmed it', async (t) => {
  const all = [...Object.values(CHIP_LEVEL_TEXT), ...CHECKS.map((c) => chipFailedText(c))].flatMap((m) => [m.vi, m.en]);
  t.equal(all.length, 18);
  for (const text of all) {
    t.notMatch(text, /chip thật|thẻ thật|genuine|authentic|C06|xác thực bởi công an/i, text);
  }
});
