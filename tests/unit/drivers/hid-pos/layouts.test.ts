// Which HID-POS report layout a scanner gets, by USB vendor id. A wrong layout would read the AIM
// prefix or padding as card data; so only the two documented families get one, and Zebra,
// Datalogic and unknown makers get none, which makes the driver refuse them loudly instead of
// guessing (docs/research/scanner-protocols.md §1.2–1.4).

import t from 'tap';
import { SCANNER_VENDORS } from '../../../../drivers/src/discovery/fingerprints.ts';
import { LAYOUTS, layoutForVendor, type HidPosFamily } from '../../../../drivers/src/hid-pos/layouts.ts';

t.test('the layout family of each vendor', async (t) => {
  const cases: Array<[number, string, HidPosFamily | null]> = [
    [0x0c2e, 'Honeywell (Metrologic)', 'honeywell'],
    [0x0536, 'Hand Held Products', 'honeywell'],
    [0x23d0, 'Youjie (a Honeywell brand)', 'honeywell'],
    [0x1eab, 'Newland and its OEMs', 'newland'],
    [0x05e0, 'Zebra (Symbol): unconfirmed', null],
    [0x0a5f, 'Zebra: unconfirmed', null],
    [0x05f9, 'Datalogic (PSC): unconfirmed', null],
    [0x080c, 'Datalogic: unconfirmed', null],
    [0x1a86, 'CH340 bridge', null],
    [0x0000, 'no vendor', null],
  ];
  for (const [vid, what, family] of cases) t.equal(layoutForVendor(vid)?.family ?? null, family, what);
});

t.test('Honeywell reports: data in bytes 5–60, after the AIM id and before the code id', async (t) => {
  // §1.2: [0]=0x02 [1]=length [2..4]=AIM "]Q1" [5..60]=data [61]=code id [62]=0 [63] bit 0 = more
  const l = LAYOUTS.honeywell;
  t.equal(l.reportSize, 64);
  t.equal(l.reportId, 0x02);
  t.equal(l.lengthByte, 1);
  t.equal(l.dataOffset, 5, 'the three AIM bytes are not data');
  t.equal(l.dataOffset + l.maxData - 1, 60, 'the code id in byte 61 is not data');
  t.equal(l.moreByte, 63);
});

t.test('Newland reports: data in bytes 2–57, before the reserved bytes and the symbology id', async (t) => {
  // §1.3: [0]=0x02 [1]=length [2..57]=data [58..61]=reserved [62]=symbology id [63]=more
  const l = LAYOUTS.newland;
  t.equal(l.reportSize, 64);
  t.equal(l.reportId, 0x02);
  t.equal(l.lengthByte, 1);
  t.equal(l.dataOffset, 2, 'no AIM header: an AIM prefix, if enabled, is part of the data');
  t.equal(l.dataOffset + l.maxData - 1, 57);
  t.equal(l.moreByte, 63);
});

t.test('a vendor with a layout is also one discovery looks for', async (t) => {
  for (const vid of [0x0c2e, 0x0536, 0x23d0, 0x1eab]) {
    t.ok(SCANNER_VENDORS.has(vid.toString(16).padStart(4, '0')), `0x${vid.toString(16)} is on the scanner vendor list`);
  }
});
