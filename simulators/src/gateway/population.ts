// A synthetic insured population, identical for the same seed: invented people whose ID numbers,
// dates of birth and sexes agree (so the daemon's cross-check passes), with cards in every state the
// card check can report. Never real citizens' data.

import { mulberry32 } from '../random.ts';

export interface Person {
  readonly cccd: string;
  readonly hoTen: string;
  /** dd/MM/yyyy */
  readonly ngaySinh: string;
  readonly gioiTinh: 'Nam' | 'Nữ';
  readonly diaChi: string;
  readonly maSoBHXH: string;
  readonly maThe: string;
  readonly maDKBD: string;
  readonly gtTheTu: string;
  readonly gtTheDen: string;
  /** The card state the gateway reports for a correct request (000, 001, 003, 010, 110, …). */
  readonly state: string;
  readonly maTheMoi: string;
  /** dd/MM/yyyy when 5 consecutive years of coverage were reached, or '' (docs/research/eligibility-gateway.md §3.3 field 13). */
  readonly ngayDu5Nam: string;
  /** Living-area code K1/K2/K3 or '' (field 12, "often empty"). */
  readonly maKV: string;
}

/** Card states a well-formed request about a known person can return. */
export const CARD_STATES = ['000', '001', '002', '003', '004', '010', '100', '101', '110', '120', '121', '122', '123', '124', '130'] as const;

export { mulberry32 };

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE_M = ['Văn', 'Hữu', 'Đức', 'Minh', 'Quốc', 'Thành', 'Công'];
const MIDDLE_F = ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Kim', 'Diệu', 'Bích'];
const GIVEN_M = ['An', 'Bình', 'Cường', 'Dũng', 'Hùng', 'Khôi', 'Long', 'Nam', 'Phúc', 'Quang', 'Sơn', 'Tuấn', 'Việt'];
const GIVEN_F = ['Anh', 'Chi', 'Dung', 'Hà', 'Hương', 'Lan', 'Linh', 'Mai', 'Ngân', 'Oanh', 'Phương', 'Trang', 'Yến'];
const PLACES = [
  ['001', '01', 'Phường Thụy Khuê, Quận Tây Hồ, Hà Nội'],
  // BHYT province codes are the GSO codes without the leading 0 of the CCCD's (docs/research/
  // qr-formats.md §2.2 and the card-code table): Quảng Ngãi is 051 / 51 (35 is Hà Nam).
  ['051', '51', 'Xã Tịnh Hà, Huyện Sơn Tịnh, Quảng Ngãi'],
  ['079', '79', 'Phường Tân Phong, Quận 7, TP Hồ Chí Minh'],
  ['038', '38', 'Xã Quảng Hải, Huyện Quảng Xương, Thanh Hóa'],
  ['046', '46', 'Phường Vĩnh Ninh, TP Huế, Thừa Thiên Huế'],
] as const;
const GROUPS = ['DN4', 'HT3', 'GD4', 'TE1', 'HN2', 'CN3', 'HS4', 'SV4', 'BT2', 'CC1'];

const pad = (n: number, w: number): string => String(n).padStart(w, '0');
const dmy = (d: number, m: number, y: number): string => `${pad(d, 2)}/${pad(m, 2)}/${y}`;

function makePerson(rnd: () => number, state: string): Person {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const female = rnd() < 0.5;
  const year = 1935 + Math.floor(rnd() * 88);
  const month = 1 + Math.floor(rnd() * 12);
  const day = 1 + Math.floor(rnd() * 28);
  const [prov3, prov2, area] = pick(PLACES);
  const centurySex = (year >= 2000 ? 2 : 0) + (female ? 1 : 0);
  const cccd = `${prov3}${centurySex}${pad(year % 100, 2)}${pad(Math.floor(rnd() * 1e6), 6)}`;
  const maSoBHXH = `${prov2}${pad(Math.floor(rnd() * 1e8), 8)}`;
  const group = year >= 2019 ? 'TE1' : pick(GROUPS);
  const maThe = `${group}${prov2}${maSoBHXH}`;
  const newCard = state === '003' || state === '004' ? `${pick(GROUPS)}${prov2}${maSoBHXH}` : '';
  // From their own stream, so adding these fields did not change who the seed's people are.
  const x = mulberry32(Number(cccd.slice(-7)) ^ year);
  const five = x() < 0.6 ? dmy(1 + Math.floor(x() * 28), 1 + Math.floor(x() * 12), 2010 + Math.floor(x() * 15)) : '';
  const livingArea = x() < 0.1 ? (['K1', 'K2', 'K3'] as const)[Math.floor(x() * 3)]! : '';
  return {
    cccd,
    hoTen: `${pick(FAMILY)} ${pick(female ? MIDDLE_F : MIDDLE_M)} ${pick(female ? GIVEN_F : GIVEN_M)}`,
    ngaySinh: dmy(day, month, year),
    gioiTinh: female ? 'Nữ' : 'Nam',
    diaChi: `Số ${1 + Math.floor(rnd() * 200)}, ${area}`,
    maSoBHXH,
    maThe,
    maDKBD: `${prov2}${pad(1 + Math.floor(rnd() * 200), 3)}`,
    gtTheTu: '01/01/2026',
    // 010: expired; 003: the old card expired and a new one was issued (docs/research/eligibility-gateway.md §4.1).
    gtTheDen: state === '010' || state === '003' ? '31/12/2025' : '31/12/2026',
    state,
    maTheMoi: newCard,
    ngayDu5Nam: five,
    maKV: livingArea,
  };
}

/** The identities printed in the README and used by the quick start: always present, card valid. */
export const DEMO_PEOPLE: readonly Person[] = [
  {
    cccd: '001089012345',
    hoTen: 'Nguyễn Văn An',
    ngaySinh: '15/03/1989',
    gioiTinh: 'Nam',
    diaChi: 'Số 12 phố Hoàng Hoa Thám, Phường Thụy Khuê, Quận Tây Hồ, Hà Nội',
    maSoBHXH: '0112345678',
    maThe: 'DN4010112345678',
    maDKBD: '01001',
    gtTheTu: '01/01/2026',
    gtTheDen: '31/12/2026',
    state: '000',
    maTheMoi: '',
    ngayDu5Nam: '',
    maKV: '',
  },
  {
    cccd: '079305001234',
    hoTen: 'Trần Thị Ngọc Ánh',
    ngaySinh: '02/11/2005',
    gioiTinh: 'Nữ',
    diaChi: 'Tổ 5, Khu phố 3, Phường Tân Phong, Quận 7, TP Hồ Chí Minh',
    maSoBHXH: '7912345678',
    maThe: 'SV4797912345678',
    maDKBD: '79001',
    gtTheTu: '01/01/2026',
    gtTheDen: '31/12/2026',
    state: '000',
    maTheMoi: '',
    ngayDu5Nam: '',
    maKV: '',
  },
];

export class Population {
  readonly people: readonly Person[];
  readonly #byKey = new Map<string, Person>();

  constructor(seed: number, size = 10_000) {
    const rnd = mulberry32(seed);
    const people: Person[] = [...DEMO_PEOPLE];
    // The first people take every card state once, so each code has a known test identity;
    // the rest are mostly valid, with a realistic sprinkling of expired and reduced cards.
    for (let i = 0; people.length < size; i++) {
      const r = rnd();
      const state = i < CARD_STATES.length ? CARD_STATES[i]! : r < 0.9 ? '000' : r < 0.95 ? '010' : r < 0.97 ? '004' : '120';
      people.push(makePerson(rnd, state));
    }
    this.people = people;
    for (const p of people) {
      if (this.#byKey.has(p.cccd) || this.#byKey.has(p.maSoBHXH)) continue; // keep the first of a rare collision
      this.#byKey.set(p.cccd, p);
      this.#byKey.set(p.maSoBHXH, p);
    }
  }

  /** By 12-digit ID or 10-digit BHXH number. */
  find(key: string): Person | undefined {
    return this.#byKey.get(key);
  }
}
