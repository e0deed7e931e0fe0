// POST the visit's check-in (XML0, QĐ 4750; docs/research/checkin-xml0.md §4): the token in the
// headers (CheckInAuthHeaders), the account and the signed document in the body, form-urlencoded or
// JSON with an empty `chukydonvi` (both are seen: configurable; open question 1). Which of the two
// resources is live is unconfirmed (open question 3): the simulator answers both, one is configured.

export const CHECKIN_PATHS = ['/api/qd130/checkInKcbQd4750', '/api/qd130/checkInKcbQd3176'] as const;

export interface CheckInBody {
  readonly username: string;
  /** "0": XML0. */
  readonly loaiHoSo: '0';
  readonly maTinh: string;
  readonly maCSKCB: string;
  /** The signed XML0, base64. */
  readonly fileHSBase64: string;
  /** JSON bodies only: empty (the signature is inside the document). */
  readonly chukydonvi?: '';
}

export interface CheckInAnswer {
  readonly maKetQua: string;
  readonly thongDiep?: string;
  readonly maGiaoDich?: string;
  readonly thoiGianTiepNhan?: string;
}

export const CHECKIN_ACCEPTED_TEXT = 'Tiếp nhận thành công';

/** Accepted: maKetQua 200 with an empty thongDiep or the acceptance text; anything else is refused. */
export function checkInAccepted(code: string, thongDiep: string): boolean {
  return code === '200' && (thongDiep === '' || thongDiep === CHECKIN_ACCEPTED_TEXT);
}
