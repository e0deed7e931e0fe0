// The card builder stands in for an HN212 service and a real chip: its text fields must be the
// service's, in its formats, its DG13 must read back to the same person, and each fault must be the
// forgery it names and nothing more (one byte of DG13, the SOD left signed as it was).

import * as asn1js from 'asn1js';
import jpeg from 'jpeg-js';
import t from 'tap';
import { parseDg13 } from '../../../../daemon/src/chip/dg13.ts';
import { encodeDg13, makeChipCard, tinyJpeg, type ChipIdentity } from '../../../../simulators/src/chip/chip-card.ts';
import { makeCsca, makeDocumentSigner } from '../../../../simulators/src/chip/test-pki.ts';

const HUONG: ChipIdentity = {
  id: '038196007654',
  oldId: '173456789',
  name: 'Lê Thị Hường',
  dob: '1996-04-30',
  sex: 'Nữ',
  origin: 'Xã Quảng Hải, Quảng Xương, Thanh Hóa',
  residence: 'Thôn Đông Hải, Xã Quảng Hải, Huyện Quảng Xương, Thanh Hóa',
  marks: 'Nốt ruồi cách 2cm dưới mép trái',
  issueDate: '2024-09-12',
  expiryDate: '2036-04-30',
  father: 'Lê Văn Hùng',
  mother: 'Trần Thị Mai',
  spouse: 'Nguyễn Văn Tâm',
};
const ds = makeDocumentSigner(makeCsca({ keyType: 'p256', name: 'CSCA' }), { keyType: 'p256', name: 'DS' });

t.test('the text fields are the HN212 service’s, with its names and DD/MM/YYYY dates', async (t) => {
  const card = makeChipCard(HUONG, ds);
  t.same(card.fields, {
    idCode: '038196007654',
    oldIdCode: '173456789',
    personName: 'Lê Thị Hường',
    dateOfBirth: '30/04/1996',
    gender: 'Nữ',
    nationality: 'Việt Nam',
    race: 'Kinh',
    religion: 'Không',
    originPlace: 'Xã Quảng Hải, Quảng Xương, Thanh Hóa',
    residencePlace: 'Thôn Đông Hải, Xã Quảng Hải, Huyện Quảng Xương, Thanh Hóa',
    personalIdentification: 'Nốt ruồi cách 2cm dưới mép trái',
    issueDate: '12/09/2024',
    expiryDate: '30/04/2036',
    fatherName: 'Lê Văn Hùng',
    motherName: 'Trần Thị Mai',
    wifeName: 'Nguyễn Văn Tâm',
  });
  const older = makeChipCard({ ...HUONG, oldId: undefined, spouse: undefined, expiryDate: null }, ds).fields;
  t.equal(older.oldIdCode, '', 'missing values are empty strings, as the service sends them');
  t.equal(older.wifeName, '');
  t.equal(older.expiryDate, 'Không thời hạn');
});

t.test('the DG13 reads back to the same person', async (t) => {
  const result = parseDg13(makeChipCard(HUONG, ds).raw!.dg13!);
  t.same(result, {
    ok: true,
    fields: {
      id: '038196007654',
      name: 'Lê Thị Hường',
      dob: '30/04/1996',
      sex: 'Nữ',
      nationality: 'Việt Nam',
      ethnicity: 'Kinh',
      religion: 'Không',
      origin: 'Xã Quảng Hải, Quảng Xương, Thanh Hóa',
      residence: 'Thôn Đông Hải, Xã Quảng Hải, Huyện Quảng Xương, Thanh Hóa',
      marks: 'Nốt ruồi cách 2cm dưới mép trái',
      issueDate: '12/09/2024',
      expiryDate: '30/04/2036',
      father: 'Lê Văn Hùng',
      mother: 'Trần Thị Mai',
      spouse: 'Nguyễn Văn Tâm',
      oldId: '173456789',
    },
  });
});

t.test('DG13 uses PrintableString for numbers and dates, UTF8String for text', async (t) => {
  const root = asn1js.fromBER(new Uint8Array(encodeDg13(HUONG))).result as asn1js.Constructed;
  const valueOf = (n: number) =>
    (root.valueBlock.value as asn1js.Sequence[]).find((e) => Number((e.valueBlock.value[0] as asn1js.Integer).toBigInt()) === n)!.valueBlock.value[1];
  t.type(valueOf(1), asn1js.PrintableString, 'ID');
  t.type(valueOf(3), asn1js.PrintableString, 'date of birth');
  t.type(valueOf(15), asn1js.PrintableString, 'old ID');
  t.type(valueOf(2), asn1js.Utf8String, 'name');
  t.type(valueOf(9), asn1js.Utf8String, 'residence');
});

t.test('DG2, the SOD wrapper and the service image', async (t) => {
  const raw = makeChipCard(HUONG, ds).raw!;
  t.equal(raw.dg2![0], 0x75, 'DG2 tag');
  t.equal(raw.sod![0], 0x77, 'EF.SOD in its 77 tag by default');
  t.equal(makeChipCard(HUONG, ds, { wrap77: false }).raw!.sod![0], 0x30, 'the bare ContentInfo when asked');
  t.ok(raw.image!.equals(tinyJpeg()));
  t.ok(raw.dg2!.includes(raw.image!), 'the DG2 carries the same JPEG');
  t.ok(raw.dg2!.includes(Buffer.from('FAC\x00010\x00', 'latin1')), 'in an ISO 19794-5 record');
  t.same([jpeg.decode(raw.image!).width, jpeg.decode(raw.image!).height], [8, 8]);
});

t.test('alteredDg13 changes exactly one byte of the residence; rewrittenHashes the same DG13 and the SOD', async (t) => {
  const genuine = makeChipCard(HUONG, ds).raw!;
  const altered = makeChipCard(HUONG, ds, { fault: 'alteredDg13' }).raw!;
  t.equal(altered.dg13!.length, genuine.dg13!.length);
  const differing = [...genuine.dg13!].filter((b, i) => b !== altered.dg13![i]).length;
  t.equal(differing, 1);
  const fields = parseDg13(altered.dg13!);
  t.ok(fields.ok && fields.fields.residence !== HUONG.residence && fields.fields.name === HUONG.name, 'the residence, nothing else');
  const rewritten = makeChipCard(HUONG, ds, { fault: 'rewrittenHashes' }).raw!;
  t.ok(rewritten.dg13!.equals(altered.dg13!));
});

t.test('noRaw: a service that sent no chip files', async (t) => {
  const card = makeChipCard(HUONG, ds, { fault: 'noRaw' });
  t.equal(card.raw, null);
  t.equal(card.fields.idCode, HUONG.id);
});
