// Visit histories of the simulated gateway (POST /api/egw/Lskcb2025; docs/research/checkin-xml0.md §5
// and docs/research/eligibility-gateway.md §3.3–3.4): 0–4 earlier visits per person, the same for the same person and
// seed, with the fields and code lists vendors read (ngayVao/ngayRa yyyyMMddHHmm; tinhTrang,
// kqDieuTri, lyDoVV as codes). Invented visits of invented people.

import { mulberry32, type Person } from './population.ts';

const FACILITIES = ['51001', '51003', '51017', '01001', '79001'];
const DIAGNOSES = [
  'J06 - Nhiễm trùng cấp đường hô hấp trên',
  'I10 - Tăng huyết áp vô căn (nguyên phát)',
  'E11 - Bệnh đái tháo đường không phụ thuộc insuline',
  'K29 - Viêm dạ dày và tá tràng',
  'M54 - Đau lưng',
  'A09 - Tiêu chảy và viêm dạ dày ruột',
];

const pad = (n: number): string => String(n).padStart(2, '0');

export interface SimVisit {
  readonly maHoSo: string;
  readonly maCSKCB: string;
  readonly ngayVao: string;
  readonly ngayRa: string;
  readonly tenBenh: string;
  readonly tinhTrang: string;
  readonly kqDieuTri: string;
  readonly lyDoVV: string;
}

/** null when the person has no visits (the real gateway answers null or [] then; we give null). */
export function visitsOf(p: Person, seed: number): SimVisit[] | null {
  const rnd = mulberry32(seed ^ Number(p.cccd.slice(-8)));
  const n = Math.floor(rnd() * 5);
  if (n === 0) return null;
  return Array.from({ length: n }, (_, i) => {
    const month = 1 + Math.floor(rnd() * 11);
    const day = 1 + Math.floor(rnd() * 27);
    const hour = 7 + Math.floor(rnd() * 9);
    const year = 2025 + (i % 2);
    const at = `${year}${pad(month)}${pad(day)}`;
    return {
      maHoSo: `SIM${p.cccd.slice(-6)}${i}`,
      maCSKCB: FACILITIES[Math.floor(rnd() * FACILITIES.length)]!,
      ngayVao: `${at}${pad(hour)}${pad(Math.floor(rnd() * 60))}`,
      ngayRa: `${at}${pad(Math.min(23, hour + 2))}${pad(Math.floor(rnd() * 60))}`,
      tenBenh: DIAGNOSES[Math.floor(rnd() * DIAGNOSES.length)]!,
      tinhTrang: '1',
      kqDieuTri: rnd() < 0.7 ? '1' : '2',
      lyDoVV: (['1', '3', '4'] as const)[Math.floor(rnd() * 3)]!,
    };
  });
}
