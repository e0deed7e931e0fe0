// Test identities that make the simulator answer each result code (054/055 depend on the officer
// fields and 401 on the token, so they are not in this list).

import type { Person, Population } from './population.ts';

export interface TestIdentity {
  maThe: string;
  hoTen: string;
  ngaySinh: string;
  maKetQua: string;
}

export function testIdentities(pop: Population): TestIdentity[] {
  const out: TestIdentity[] = [];
  const seen = new Set<string>();
  for (const p of pop.people) {
    if (seen.has(p.state)) continue;
    seen.add(p.state);
    out.push({ maThe: p.cccd, hoTen: p.hoTen, ngaySinh: p.ngaySinh, maKetQua: p.state });
  }
  const p = pop.people.find((x) => x.state === '000')!;
  const otherFirst = p.hoTen.startsWith('X') ? 'Y' : 'X';
  out.push(
    { maThe: '001099999990', hoTen: p.hoTen, ngaySinh: p.ngaySinh, maKetQua: '050' },
    { maThe: 'ZZ1234', hoTen: p.hoTen, ngaySinh: p.ngaySinh, maKetQua: '051' },
    { maThe: `${p.maThe.slice(0, 3)}${p.maThe.slice(3, 5) === '99' ? '98' : '99'}${p.maSoBHXH}`, hoTen: p.hoTen, ngaySinh: p.ngaySinh, maKetQua: '052' },
    { maThe: `${p.maThe.slice(0, 2)}${p.maThe[2] === '5' ? '4' : '5'}${p.maThe.slice(3)}`, hoTen: p.hoTen, ngaySinh: p.ngaySinh, maKetQua: '053' },
    { maThe: p.cccd, hoTen: `${otherFirst}${p.hoTen}`, ngaySinh: p.ngaySinh, maKetQua: '060' },
    { maThe: p.cccd, hoTen: `${p.hoTen} Bé`, ngaySinh: p.ngaySinh, maKetQua: '061' },
    { maThe: p.cccd, hoTen: p.hoTen, ngaySinh: p.ngaySinh.replace(/^\d{2}/, (d) => (d === '01' ? '02' : '01')), maKetQua: '070' },
    { maThe: p.cccd, hoTen: p.hoTen, ngaySinh: '1/2/3', maKetQua: '205' },
  );
  return out;
}

/** The QR text of a simulated person's chip ID card (2021 layout, no old ID number), so a simulated
 *  scanner can present the people the simulated gateway knows. */
export function qrPayloadOf(p: Person): string {
  return `${p.cccd}||${p.hoTen}|${p.ngaySinh.replaceAll('/', '')}|${p.gioiTinh}|${p.diaChi}|${issueDateOf(p.ngaySinh)}`;
}

/** The card's issue date (ddmmyyyy): 1 January 2021, when chip cards began, or for a child born
 *  since, 30 days after birth. A card cannot be issued before its holder is born: the parser
 *  refuses such a card (dateOrder), as it should a real one. */
function issueDateOf(ngaySinh: string): string {
  const [d, m, y] = ngaySinh.split('/').map(Number) as [number, number, number];
  const born = Date.UTC(y, m - 1, d);
  const issued = new Date(Math.max(Date.UTC(2021, 0, 1), born + 30 * 86_400_000));
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(issued.getUTCDate())}${two(issued.getUTCMonth() + 1)}${issued.getUTCFullYear()}`;
}
