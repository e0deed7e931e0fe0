// The visit history (Lskcb2025) as the desk shows it: the gateway's yyyyMMddHHmm times as readable
// local times, its code lists (discharge status, treatment result, visit type) as their Vietnamese
// names (docs/research/eligibility-gateway.md §3.3), newest visit first, and nothing thrown on a list
// that is null, malformed or holds junk (the history must never spoil the card check, §3.4).

import t from 'tap';
import { parseVisits, visitTime } from '../../../../daemon/src/eligibility/visit-history.ts';

t.test('gateway times: yyyyMMddHHmm becomes "yyyy-MM-dd HH:mm", anything else is no time', async (t) => {
  const cases: Array<[string, string | null]> = [
    ['202404020822', '2024-04-02 08:22'],
    ['202412312359', '2024-12-31 23:59'],
    ['', null],
    ['20240402', null],
    ['2024040208221', null],
    ['2024-04-02 08:22', null],
    ['20240402082a', null],
  ];
  for (const [input, want] of cases) t.equal(visitTime(input), want, JSON.stringify(input));
});

t.test('the code lists are shown by name', async (t) => {
  const cases: Array<[string, 'tinhTrang' | 'kqDieuTri' | 'lyDoVV', string]> = [
    ['1', 'tinhTrang', 'Ra viện'],
    ['2', 'tinhTrang', 'Chuyển viện'],
    ['3', 'tinhTrang', 'Trốn viện'],
    ['4', 'tinhTrang', 'Xin ra viện'],
    ['5', 'tinhTrang', 'Chuyển viện theo yêu cầu'],
    ['1', 'kqDieuTri', 'Khỏi'],
    ['2', 'kqDieuTri', 'Đỡ'],
    ['3', 'kqDieuTri', 'Không thay đổi'],
    ['4', 'kqDieuTri', 'Nặng hơn'],
    ['5', 'kqDieuTri', 'Tử vong'],
    ['1', 'lyDoVV', 'Đúng tuyến'],
    ['2', 'lyDoVV', 'Cấp cứu'],
    ['3', 'lyDoVV', 'Trái tuyến'],
    ['4', 'lyDoVV', 'Thông tuyến'],
  ];
  for (const [code, field, name] of cases) t.equal(parseVisits([{ [field]: code }])[0]?.[field], name, `${field} ${code}`);
});

t.test('a code outside the lists is kept as the gateway sent it; an empty one is null', async (t) => {
  const [v] = parseVisits([{ maCSKCB: '01094', tinhTrang: '9', kqDieuTri: '', lyDoVV: 'X' }]);
  t.same(v, { maCSKCB: '01094', ngayVao: null, ngayRa: null, tenBenh: '', tinhTrang: '9', kqDieuTri: null, lyDoVV: 'X' });
});

t.test('a full visit as the gateway writes it', async (t) => {
  const visits = parseVisits([
    {
      maHoSo: 'HS-1',
      maCSKCB: '01094',
      ngayVao: '202404020822',
      ngayRa: '202404021741',
      tenBenh: 'J06 Viêm họng cấp',
      tinhTrang: '1',
      kqDieuTri: '2',
      lyDoVV: '3',
    },
  ]);
  t.same(visits, [
    {
      maCSKCB: '01094',
      ngayVao: '2024-04-02 08:22',
      ngayRa: '2024-04-02 17:41',
      tenBenh: 'J06 Viêm họng cấp',
      tinhTrang: 'Ra viện',
      kqDieuTri: 'Đỡ',
      lyDoVV: 'Trái tuyến',
    },
  ]);
});

t.test('numbers where the gateway should send strings are read the same', async (t) => {
  const [v] = parseVisits([{ maCSKCB: 1094, ngayVao: 202404020822, tinhTrang: 1, kqDieuTri: 5, lyDoVV: 2 }]);
  t.match(v, { maCSKCB: '1094', ngayVao: '2024-04-02 08:22', tinhTrang: 'Ra viện', kqDieuTri: 'Tử vong', lyDoVV: 'Cấp cứu' });
});

t.test('newest visit first; visits without an arrival time last', async (t) => {
  const visits = parseVisits([
    { maCSKCB: 'A', ngayVao: '202301010800' },
    { maCSKCB: 'B', ngayVao: '' },
    { maCSKCB: 'C', ngayVao: '202404020822' },
    { maCSKCB: 'D', ngayVao: '202312250930' },
  ]);
  t.same(
    visits.map((v) => v.maCSKCB),
    ['C', 'D', 'A', 'B'],
  );
});

t.test('no list, or junk in it, is no visits (never an exception)', async (t) => {
  for (const list of [null, undefined, {}, 'dsLichSuKCB2025', 42]) t.same(parseVisits(list), [], `list ${JSON.stringify(list) ?? 'undefined'}`);
  t.same(parseVisits([]), []);
  const visits = parseVisits([null, 'x', 5, { maCSKCB: '01094', tenBenh: { nested: true } }]);
  t.equal(visits.length, 1, 'only the object items are visits');
  t.equal(visits[0]?.tenBenh, '', 'a value that is neither text nor number is shown as empty, not "[object Object]"');
});
