// The simulated HID scanners must send the exact reports real ones do (docs/research/scanner-protocols.md
// §1.2, §1.3, §2.1): every HID test of the daemon rests on them, so a report the real driver could
// not read, or one it could read only because simulator and driver share a mistake, would hide a
// fault a receptionist would meet. The reports are checked byte by byte against the research tables,
// then fed to the driver's own decoders.

import t from 'tap';
import { SHIFT_MASK, usageToChar } from '../../../../drivers/src/hid-keyboard/usage-to-char.ts';
import { LAYOUTS } from '../../../../drivers/src/hid-pos/layouts.ts';
import { ReportAssembler } from '../../../../drivers/src/hid-pos/report-assembler.ts';
import { hidPosReports, keyboardReports } from '../../../../simulators/src/scanner/hid-reports.ts';

const AN = Buffer.from('001089012345|013456789|Nguyễn Văn An|15031989|Nam|Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021', 'utf8');

t.test('a 60-byte code as two Honeywell reports, as in the Access-IS example', async (t) => {
  // §1.2: first report length 0x38 (56) with byte 63 = 1; second the remaining 4 bytes, byte 63 = 0.
  const payload = AN.subarray(0, 60);
  const [first, second, ...rest] = hidPosReports(payload, 'honeywell');
  t.same(rest, [], 'two reports');
  for (const [r, len, more] of [
    [first!, 56, 1],
    [second!, 4, 0],
  ] as const) {
    t.equal(r.length, 64);
    t.equal(r[0], 0x02, 'report id');
    t.equal(r[1], len, 'length byte counts data only');
    t.equal(r.subarray(2, 5).toString('latin1'), ']Q1', 'AIM id repeated in every report');
    t.equal(r[61], 0x73, "Honeywell code id 's' = QR");
    t.equal(r[62], 0x00, 'reserved');
    t.equal(r[63], more, 'continued flag');
  }
  t.equal(Buffer.concat([first!.subarray(5, 61), second!.subarray(5, 9)]).toString('hex'), payload.toString('hex'), 'data in bytes 5–60');
  t.ok(
    second!.subarray(9, 61).every((b) => b === 0),
    'padded with zeros',
  );
});

t.test('Newland reports: data from byte 2, symbology id in byte 62, no AIM header', async (t) => {
  const [first, second] = hidPosReports(AN.subarray(0, 60), 'newland');
  t.equal(first![0], 0x02);
  t.equal(first![1], 56);
  t.equal(first!.subarray(2, 58).toString('hex'), AN.subarray(0, 56).toString('hex'));
  t.same([first![62], first![63]], [0x51, 0x01]);
  t.same([second![1], second![62], second![63]], [4, 0x51, 0x00]);
  t.ok(
    first!.subarray(58, 62).every((b) => b === 0),
    'reserved bytes 58–61 left at zero',
  );
});

t.test('report counts: 56 data bytes per report', async (t) => {
  const cases: Array<[number, number[]]> = [
    [1, [1]],
    [56, [56]],
    [57, [56, 1]],
    [150, [56, 56, 38]], // a 150-byte CCCD QR: 56, 56, 38 (§1.5)
    [400, [56, 56, 56, 56, 56, 56, 56, 8]], // 7 × 56 + 8
  ];
  for (const [size, lengths] of cases) {
    for (const family of ['honeywell', 'newland'] as const) {
      const rs = hidPosReports(Buffer.alloc(size, 0x41), family);
      t.same(
        rs.map((r) => r[1]),
        lengths,
        `${family}, ${size} bytes`,
      );
      t.same(
        rs.map((r) => r[63]),
        lengths.map((_, i) => (i < lengths.length - 1 ? 1 : 0)),
        `${family}, ${size} bytes: only the last report ends the read`,
      );
    }
  }
});

t.test("the driver's assembler gets the card back byte-exact from either family's reports", async (t) => {
  for (const family of ['honeywell', 'newland'] as const) {
    const a = new ReportAssembler(LAYOUTS[family]);
    const results = hidPosReports(AN, family).map((r) => a.push(r));
    const last = results.at(-1)!;
    t.equal(last.kind === 'complete' && last.bytes.toString('utf8'), AN.toString('utf8'), family);
  }
});

/** Types the reports back into text with the driver's table: key-downs only, Enter as CR. */
function typed(reports: Buffer[]): string {
  return reports
    .filter((r) => r[2] !== 0)
    .map((r) => usageToChar(r[2]!, (r[0]! & SHIFT_MASK) !== 0) ?? '�')
    .join('');
}

t.test('keyboard mode: a key-down then an all-zero key-up per character, Enter last', async (t) => {
  const rs = keyboardReports('0A|');
  t.equal(rs.length, 8, 'four keys (with Enter), two reports each');
  t.ok(
    rs.every((r) => r.length === 8),
    'boot-keyboard reports of 8 bytes (§2.1)',
  );
  t.same(
    rs.map((r) => r.toString('hex')),
    [
      '0000270000000000',
      '0000000000000000',
      '0200040000000000',
      '0000000000000000',
      '0200310000000000',
      '0000000000000000',
      '0000280000000000',
      '0000000000000000',
    ],
    "'0', Shift+a, Shift+backslash for the separator, Enter",
  );
});

t.test('keyboard mode drops what a US keyboard cannot type, as real scanners do', async (t) => {
  const ascii = '001089012345|013456789|Nguyen Van An|15031989|Nam|Ha Noi|20042021';
  t.equal(typed(keyboardReports(ascii)), `${ascii}\r`);
  t.equal(typed(keyboardReports('Nguyễn Văn An|Hà Nội')), 'Nguyn Vn An|H Ni\r', 'every Vietnamese letter is lost');
  t.same(
    keyboardReports('').map((r) => r.toString('hex')),
    ['0000280000000000', '0000000000000000'],
    'an empty scan is just Enter',
  );
});
