// HID-POS input reports put back together into one card read. A CCCD QR is 100–400 bytes, so it
// arrives as several 64-byte reports; the reassembled bytes must be exactly the card's, AIM header
// and padding excluded, even when a Vietnamese letter straddles two reports, and a malformed report
// must be refused with a reason the technician can read (docs/research/scanner-protocols.md §1.2,
// §1.3, §1.5). Reports are built here by hand from those tables.

import t from 'tap';
import { LAYOUTS, type HidPosLayout } from '../../../../drivers/src/hid-pos/layouts.ts';
import { ReportAssembler, type AssemblerResult } from '../../../../drivers/src/hid-pos/report-assembler.ts';

const CARD = Buffer.from('001089012345|013456789|Nguyễn Văn An|15031989|Nam|Phường Thụy Khuê, Quận Tây Hồ, Hà Nội|20042021', 'utf8');

/** One input report as the scanner sends it: header, up to 56 data bytes, zero padding, the more flag. */
function report(layout: HidPosLayout, data: Uint8Array, more: boolean): Buffer {
  const r = Buffer.alloc(64);
  r[0] = 0x02;
  r[1] = data.length;
  if (layout.family === 'honeywell') {
    r.write(']Q1', 2, 'latin1');
    r[61] = 0x73; // code id 's' = QR
  } else r[62] = 0x51;
  Buffer.from(data).copy(r, layout.dataOffset);
  r[63] = more ? 0x01 : 0x00;
  return r;
}

function reports(layout: HidPosLayout, payload: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let off = 0; off < payload.length; off += 56) out.push(report(layout, payload.subarray(off, off + 56), off + 56 < payload.length));
  return out;
}

function pushAll(a: ReportAssembler, rs: Buffer[]): AssemblerResult[] {
  return rs.map((r) => a.push(r));
}

for (const family of ['honeywell', 'newland'] as const) {
  const layout = LAYOUTS[family];

  t.test(`${family}: a card read in one, two, three or eight reports comes out byte-exact`, async (t) => {
    for (const size of [1, 56, 57, 112, CARD.length, 400]) {
      const payload = Buffer.alloc(size);
      for (let i = 0; i < size; i++) payload[i] = CARD[i % CARD.length]!;
      const a = new ReportAssembler(layout);
      const results = pushAll(a, reports(layout, payload));
      const last = results.at(-1)!;
      t.ok(
        results.slice(0, -1).every((r) => r.kind === 'partial'),
        `${size} bytes: every report but the last says more follow`,
      );
      t.same(
        last.kind === 'complete' && { bytes: last.bytes.toString('hex'), reports: last.reports },
        { bytes: payload.toString('hex'), reports: Math.ceil(size / 56) },
        `${size} bytes`,
      );
      t.equal(a.pending, false, 'nothing left over');
    }
  });

  t.test(`${family}: a Vietnamese letter cut between two reports is rejoined`, async (t) => {
    // "ễ" is three UTF-8 bytes; put them at offsets 55..57, across the 56-byte boundary.
    const payload = Buffer.concat([Buffer.alloc(55, 0x41), Buffer.from('ễ|Hà Nội', 'utf8')]);
    const a = new ReportAssembler(layout);
    const last = pushAll(a, reports(layout, payload)).at(-1)!;
    t.equal(last.kind === 'complete' && last.bytes.toString('utf8'), `${'A'.repeat(55)}ễ|Hà Nội`);
  });

  t.test(`${family}: a report with a leading 0 byte (Windows unnumbered report) is read as the report`, async (t) => {
    const a = new ReportAssembler(layout);
    const r = a.push(Buffer.concat([Buffer.from([0x00]), report(layout, CARD.subarray(0, 20), false)]));
    t.equal(r.kind === 'complete' && r.bytes.toString('utf8'), CARD.subarray(0, 20).toString('utf8'));
  });
}

t.test('malformed reports are refused with the reason, and leave the next read clean', async (t) => {
  const layout = LAYOUTS.honeywell;
  const good = report(layout, CARD.subarray(0, 10), false);
  const withByte = (i: number, v: number): Buffer => {
    const r = Buffer.from(good);
    r[i] = v;
    return r;
  };
  const cases: Array<[string, Buffer, string]> = [
    ['a short report', good.subarray(0, 63), 'report of 63 bytes, expected 64'],
    ['an 8-byte keyboard report', Buffer.alloc(8), 'report of 8 bytes, expected 64'],
    ['another report id', withByte(0, 0x04), 'report id 0x4, expected 0x2'],
    [
      'a 65-byte report whose leading 0 is not followed by the report id',
      Buffer.concat([Buffer.from([0x00]), withByte(0, 0x04)]),
      'report id 0x0, expected 0x2',
    ],
    ['a zero data length', withByte(1, 0), 'data length 0 out of 1..56'],
    ['a data length past the 56 bytes a report holds', withByte(1, 57), 'data length 57 out of 1..56'],
  ];
  const a = new ReportAssembler(layout);
  for (const [what, r, reason] of cases) t.same(a.push(r), { kind: 'bad', reason }, what);
  t.equal(a.pending, false, 'no partial read was started');
  const next = a.push(good);
  t.equal(next.kind === 'complete' && next.bytes.toString('utf8'), CARD.subarray(0, 10).toString('utf8'), 'the next read has nothing of the refused reports');
});

t.test('a read whose last report never came can be taken as it stands', async (t) => {
  const layout = LAYOUTS.newland;
  const a = new ReportAssembler(layout);
  const rs = reports(layout, CARD);
  t.same(pushAll(a, rs.slice(0, 2)), [{ kind: 'partial' }, { kind: 'partial' }]);
  t.equal(a.pending, true, 'waiting for the rest');
  t.equal(a.takePartial().toString('hex'), CARD.subarray(0, 112).toString('hex'), 'the two reports that arrived');
  t.equal(a.pending, false);
  const next = pushAll(a, reports(layout, CARD.subarray(0, 30))).at(-1)!;
  t.equal(next.kind === 'complete' && next.bytes.toString('hex'), CARD.subarray(0, 30).toString('hex'), 'the next read starts clean');
  t.equal(a.takePartial().length, 0, 'nothing to take when no read is pending');
});

t.test('a read longer than the size cap is an overflow', async (t) => {
  const layout = LAYOUTS.honeywell;
  const at4096 = new ReportAssembler(layout);
  const exact = pushAll(at4096, reports(layout, Buffer.alloc(4096, 0x41))).at(-1)!;
  t.equal(exact.kind === 'complete' && exact.bytes.length, 4096, 'a read of exactly 4096 bytes (the default cap) is complete');
  const over = pushAll(new ReportAssembler(layout), reports(layout, Buffer.alloc(4097, 0x41))).at(-1)!;
  t.equal(over.kind, 'overflow', 'one byte more is an overflow');

  const small = new ReportAssembler(layout, 100);
  const payload = Buffer.alloc(150);
  for (let i = 0; i < payload.length; i++) payload[i] = CARD[i]!;
  const rs = reports(layout, payload);
  t.same(small.push(rs[0]!), { kind: 'partial' }, '56 bytes are within a cap of 100');
  const r = small.push(rs[1]!);
  t.equal(r.kind, 'overflow', '112 bytes are not');
  t.equal(r.kind === 'overflow' && r.bytes.subarray(0, 56).toString('hex'), payload.subarray(0, 56).toString('hex'), 'the overflow carries what had arrived');
  t.equal(small.pending, false, 'the overflowing read is not kept');
});
