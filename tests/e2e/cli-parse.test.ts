// `tiepnhan parse` is a contract checked from outside: one JSON object per input line.
import t from 'tap';
import { runCli } from '../helpers/cli.ts';

t.test('parse: one JSON object per line, in order', async (t) => {
  const input = [
    '001089012345|013456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hoàng Hoa Thám, Hà Nội|20042021',
    '001189012345|013456789|Nguyễn Văn An|15031989|Nam|Hà Nội|20042021',
    'hello',
  ].join('\n');
  const r = await runCli(['parse'], input + '\n');
  t.equal(r.code, 0, r.stderr);
  const out = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  t.equal(out.length, 3);
  t.match(out[0], {
    ok: true,
    kind: 'cccd2021',
    id: '001089012345',
    oldId: '013456789',
    name: 'Nguyễn Văn An',
    dob: '1989-03-15',
    sex: 'M',
    issueDate: '2021-04-20',
    extra: [],
    warnings: [],
  });
  t.match(out[1], { ok: false, error: { code: 'idMismatch', vi: /.+/, en: /.+/ }, rawHex: /^303031313839/ });
  t.match(out[2], { ok: false, error: { code: 'notCccd' } });
});

t.test('parse --hex carries CR, BOM and invalid UTF-8', async (t) => {
  const good = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('079305001234||Trần Thị Ngọc Ánh|02112005|Nữ|Quận 7, TP Hồ Chí Minh|15082021\r\n')]);
  const r = await runCli(['parse', '--hex'], `${good.toString('hex')}\n30317cff41\nzz\n`);
  const out = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  t.match(out[0], { ok: true, kind: 'cccd2021', sex: 'F', oldId: '' });
  t.match(out[1], { ok: false, error: { code: 'encoding' }, rawHex: '30317cff41' });
  t.match(out[2], { ok: false, error: { code: 'badHexInput' } });
});

t.test('parse --search classifies what a receptionist types', async (t) => {
  const r = await runCli(['parse', '--search'], '0010 8901 2345\n013456789\n0112345678\nDN4010123456789\nNguyễn Văn An 15/03/1989\n12345\n');
  const kinds = r.stdout
    .trim()
    .split('\n')
    .map((l) => {
      const o = JSON.parse(l) as { ok: boolean; kind?: string; error?: { code: string } };
      return o.ok ? o.kind : o.error?.code;
    });
  t.same(kinds, ['cccd', 'cmnd', 'bhxh', 'bhyt', 'nameDob', 'searchDigitCount']);
});

t.test('unknown commands print the usage and exit 2', async (t) => {
  const r = await runCli(['frobnicate']);
  t.equal(r.code, 2);
  t.match(r.stderr, /tiepnhan start/);
});

t.test('gateway-sim --identities lists an identity for every code it can be asked for', async (t) => {
  const r = await runCli(['gateway-sim', '--identities', '--seed', '3']);
  t.equal(r.code, 0, r.stderr);
  const rows = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { maThe: string; hoTen: string; ngaySinh: string; maKetQua: string });
  const codes = new Set(rows.map((x) => x.maKetQua));
  for (const c of [
    '000',
    '001',
    '002',
    '003',
    '004',
    '010',
    '050',
    '051',
    '052',
    '053',
    '060',
    '061',
    '070',
    '100',
    '101',
    '110',
    '120',
    '121',
    '122',
    '123',
    '124',
    '130',
    '205',
  ])
    t.ok(codes.has(c), c);
  t.ok(
    rows.every((x) => x.maThe && x.hoTen && x.ngaySinh),
    'every line has maThe, hoTen, ngaySinh, maKetQua',
  );
  const again = await runCli(['gateway-sim', '--identities', '--seed', '3']);
  t.equal(again.stdout, r.stdout, 'the same seed gives the same identities');
});
