// The card-check decision of the simulated gateway, as a pure function of the request and the
// population: which maKetQua a real KQNhanLichSuKCB2024 call would produce, and the fields it returns.

import type { Person, Population } from './population.ts';

export interface CardCheckRequest {
  readonly maThe?: string;
  readonly hoTen?: string;
  readonly ngaySinh?: string;
  readonly hoTenCb?: string;
  readonly cccdCb?: string;
}

export interface Officer {
  readonly name: string;
  readonly cccd: string;
}

const fold = (s: string): string => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleUpperCase('vi');

const MESSAGES: Record<string, string> = {
  '000': 'Thẻ còn giá trị sử dụng!',
  '050': 'Không có thông tin thẻ BHYT',
  '051': 'Mã thẻ BHYT không đúng',
  '052': 'Mã tỉnh cấp thẻ BHYT (ký tự thứ 4,5) của thẻ BHYT không đúng',
  '053': 'Mã quyền lợi BHYT (ký tự thứ 3) của thẻ BHYT không đúng',
  '054': 'Số CCCD của cán bộ thực hiện tra cứu không tồn tại trong danh sách người sử dụng do CSKCB đăng ký',
  '055': 'Họ và tên của cán bộ thực hiện tra cứu không khớp với số CCCD',
  '060': 'Thẻ BHYT sai họ tên',
  '061': 'Thẻ BHYT sai họ tên (đúng ký tự đầu)',
  '070': 'Thẻ BHYT sai ngày sinh',
  '205': 'Lỗi sai định dạng tham số',
};

function dobMatches(sent: string, card: string): boolean | null {
  const [d, m, y] = card.split('/');
  if (/^\d{2}\/\d{2}\/\d{4}$/.test(sent)) return sent === card;
  if (/^\d{8}$/.test(sent)) return sent === `${d}${m}${y}`;
  if (/^\d{2}\/\d{4}$/.test(sent)) return sent === `${m}/${y}`;
  if (/^\d{4}$/.test(sent)) return sent === y;
  return null; // not a format the gateway accepts
}

// The new card of 003/004 (docs/research/eligibility-gateway.md §3.3 fields 16–20): 003's starts now, 004's when the
// old one (still valid) ends.
function newCard(p: Person): Record<string, string> {
  if (!p.maTheMoi) return { maTheCu: '', maTheMoi: '', gtTheTuMoi: '', gtTheDenMoi: '', maDKBDMoi: '', tenDKBDMoi: '' };
  const later = p.state === '004';
  return {
    maTheCu: p.maThe,
    maTheMoi: p.maTheMoi,
    gtTheTuMoi: later ? '01/01/2027' : '01/01/2026',
    gtTheDenMoi: later ? '31/12/2027' : '31/12/2026',
    maDKBDMoi: p.maDKBD,
    tenDKBDMoi: `Trạm Y tế (mô phỏng) ${p.maDKBD}`,
  };
}

function cardFields(p: Person): Record<string, string | null> {
  return {
    maThe: p.maThe,
    hoTen: p.hoTen,
    ngaySinh: p.ngaySinh,
    gioiTinh: p.gioiTinh,
    diaChi: p.diaChi,
    maDKBD: p.maDKBD,
    cqBHXH: 'Bảo hiểm Xã hội (mô phỏng)',
    gtTheTu: p.gtTheTu,
    gtTheDen: p.gtTheDen,
    maKV: p.maKV,
    ngayDu5Nam: p.ngayDu5Nam,
    maSoBHXH: p.maSoBHXH,
    ...newCard(p),
  };
}

export function checkCard(req: CardCheckRequest, population: Population, officers: readonly Officer[]): Record<string, unknown> {
  // Since CV 2746/BHXH-CNTT the 2024 check returns dsLichSuKCB2018: null; history is Lskcb2025
  // (checkin-xml0.md §5).
  const answer = (code: string, ghiChu = MESSAGES[code] ?? code, p?: Person): Record<string, unknown> => ({
    maKetQua: code,
    ghiChu,
    ...(p ? cardFields(p) : {}),
    dsLichSuKCB2018: null,
    dsLichSuKT2018: [],
  });
  if (!req.hoTenCb) return answer('205', 'Null hoTenCb');
  if (!req.maThe || !req.hoTen || !req.ngaySinh || !req.cccdCb) return answer('205');
  const officer = officers.find((o) => o.cccd === req.cccdCb);
  if (!officer) return answer('054');
  if (fold(officer.name) !== fold(req.hoTenCb)) return answer('055');

  const code = req.maThe.trim().toUpperCase();
  let person: Person | undefined;
  if (/^\d{12}$/.test(code) || /^\d{10}$/.test(code)) {
    person = population.find(code);
    if (!person) return answer('050');
  } else if (/^[A-Z]{2}\d{13}$/.test(code)) {
    person = population.find(code.slice(5));
    if (!person) return answer('050');
    const current = person.maTheMoi || person.maThe;
    if (code !== person.maThe && code !== current) {
      if (code.slice(3, 5) !== current.slice(3, 5)) return answer('052');
      if (code.slice(2, 3) !== current.slice(2, 3)) return answer('053');
      return answer('051');
    }
  } else {
    return answer('051');
  }
  const dob = dobMatches(req.ngaySinh.trim(), person.ngaySinh);
  if (dob === null) return answer('205');
  if (fold(req.hoTen) !== fold(person.hoTen)) return answer(fold(req.hoTen)[0] === fold(person.hoTen)[0] ? '061' : '060', undefined, person);
  if (!dob) return answer('070', undefined, person);
  const note = person.state === '000' ? `Thẻ còn giá trị sử dụng! Hạn thẻ: ${person.gtTheTu} - ${person.gtTheDen}` : undefined;
  return answer(person.state, note, person);
}
