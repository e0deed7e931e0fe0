// Visit history from Lskcb2025 (docs/research/checkin-xml0.md §5, docs/research/eligibility-gateway.md §3.4): since CV
// 2746/BHXH-CNTT the card check returns `dsLichSuKCB2018: null` and the history is its own call.
// Medical history: never logged, erased with the event's details at retention, audited when viewed.

import type { Visit } from '../api/contract.ts';

export interface VisitHistoryAnswer {
  /** maKetQua ("000": answered), or why there is none: disabled | timeout | network | http | … */
  readonly code: string;
  /** null when the gateway gave none (null, [] is an empty list). */
  readonly visits: Visit[] | null;
}

// Code lists vendors use for history items (docs/research/eligibility-gateway.md §3.3, [VENDOR-PROD]).
const DISCHARGE: Readonly<Record<string, string>> = {
  '1': 'Ra viện',
  '2': 'Chuyển viện',
  '3': 'Trốn viện',
  '4': 'Xin ra viện',
  '5': 'Chuyển viện theo yêu cầu',
};
const RESULT: Readonly<Record<string, string>> = { '1': 'Khỏi', '2': 'Đỡ', '3': 'Không thay đổi', '4': 'Nặng hơn', '5': 'Tử vong' };
const VISIT_TYPE: Readonly<Record<string, string>> = { '1': 'Đúng tuyến', '2': 'Cấp cứu', '3': 'Trái tuyến', '4': 'Thông tuyến' };

const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** yyyyMMddHHmm → ISO-like local "yyyy-MM-dd HH:mm" (Vietnam time, as the gateway writes it). */
export function visitTime(v: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(v);
  return m ? `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}` : null;
}

export function parseVisits(list: unknown): Visit[] {
  if (!Array.isArray(list)) return [];
  return list
    .filter((x): x is Record<string, unknown> => Boolean(x) && typeof x === 'object')
    .map((x) => ({
      maCSKCB: str(x['maCSKCB']),
      ngayVao: visitTime(str(x['ngayVao'])),
      ngayRa: visitTime(str(x['ngayRa'])),
      tenBenh: str(x['tenBenh']),
      tinhTrang: DISCHARGE[str(x['tinhTrang'])] ?? (str(x['tinhTrang']) || null),
      kqDieuTri: RESULT[str(x['kqDieuTri'])] ?? (str(x['kqDieuTri']) || null),
      lyDoVV: VISIT_TYPE[str(x['lyDoVV'])] ?? (str(x['lyDoVV']) || null),
    }))
    .sort((a, b) => (b.ngayVao ?? '').localeCompare(a.ngayVao ?? ''));
}
