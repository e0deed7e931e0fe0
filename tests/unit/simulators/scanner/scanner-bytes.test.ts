// The bytes a simulated scanner puts on the wire: the payload in the scanner's output encoding,
// then its configured suffix. A scanner left on a Western code page (CP1252) sends `?` for most
// Vietnamese letters; the simulator must do the same, so the daemon's "garbled read" handling is
// exercised with what such scanners really send (docs/research/qr-formats.md §1.5).

import t from 'tap';
import { encodeCp1252, scannerBytes, type SimTerminator } from '../../../../simulators/src/scanner/scanner-bytes.ts';

const AN = '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021';

t.test('each terminator appends its suffix', async (t) => {
  const cases: Array<[SimTerminator, number[]]> = [
    ['CR', [0x0d]],
    ['LF', [0x0a]],
    ['CRLF', [0x0d, 0x0a]],
    ['TAB', [0x09]],
    ['ETX', [0x03]],
    ['none', []],
  ];
  for (const [term, suffix] of cases) {
    t.same([...scannerBytes('0010', term)], [0x30, 0x30, 0x31, 0x30, ...suffix], term);
  }
});

t.test('a card is sent as UTF-8 by default', async (t) => {
  const b = scannerBytes(AN, 'CR');
  t.equal(b.subarray(0, -1).toString('utf8'), AN);
  t.equal(b.length, Buffer.byteLength(AN, 'utf8') + 1);
});

t.test('CP1252 keeps what the code page has and turns the rest into ?', async (t) => {
  const cases: Array<[string, string, number[]]> = [
    ['ASCII', '001089|Nam', [...Buffer.from('001089|Nam', 'latin1')]],
    ['Latin-1 letters Vietnamese shares', 'àáâãèéêìíòóôõùúý', [0xe0, 0xe1, 0xe2, 0xe3, 0xe8, 0xe9, 0xea, 0xec, 0xed, 0xf2, 0xf3, 0xf4, 0xf5, 0xf9, 0xfa, 0xfd]],
    ['letters only Vietnamese has', 'ăđĐơưễậ', [0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f]],
    [
      'the CP1252 specials in 0x80–0x9F',
      '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ',
      [
        0x80, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8e, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c,
        0x9e, 0x9f,
      ],
    ],
    ['decomposed letters are composed first', 'e\u0301', [0xe9]],
    ['a decomposed letter with no CP1252 form is one ?', 'e\u0302\u0303', [0x3f]],
    ['a character outside the BMP is one ?', '😀', [0x3f]],
  ];
  for (const [what, text, bytes] of cases) t.same([...encodeCp1252(text)], bytes, what);
});

t.test('a whole card on a CP1252 scanner loses exactly its Vietnamese-only letters', async (t) => {
  const b = scannerBytes(AN, 'CRLF', 'cp1252');
  t.equal(b.toString('latin1'), '001089012345|013456789|Nguy?n V?n An|15031989|Nam|Ph??ng Th?y Khuê, Qu?n Tây H?, Hà N?i|20042021\r\n');
});

t.test('raw bytes are sent as given, whatever the encoding', async (t) => {
  const raw = Uint8Array.from([0x00, 0xff, 0xc3, 0x28, 0x7c]); // includes invalid UTF-8
  for (const enc of ['utf8', 'cp1252'] as const) t.same([...scannerBytes(raw, 'ETX', enc)], [0x00, 0xff, 0xc3, 0x28, 0x7c, 0x03], enc);
});
