// XML0 for one registration: the row of TRANG_THAI_KCB from what reception knows (identity from the
// card, card code and validity from the eligibility answer, department and time), and the document
// CHI_TIEU_TRANG_THAI_KCB / DSACH_TRANG_THAI_KCB / TRANG_THAI_KCB with an empty CHUKYDONVI for the
// signature. Dates are Vietnam local time.

import type { EligibilityCard, IdentityView } from '../api/contract.ts';
import { XML0_FIELDS, type Xml0Row } from './xml0-table.ts';

export { facilityCodeOf, maLkOf } from '../vocabulary/visit-codes.ts';

export interface Xml0Input {
  readonly maLk: string;
  readonly patientId: number | null;
  readonly identity: IdentityView;
  readonly card: EligibilityCard;
  readonly registeredAt: Date;
  readonly facilityCode: string;
  readonly department: { readonly serviceCode: string; readonly serviceName: string; readonly visitCategory: string; readonly careType: string };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** yyyymmddHHMM in Vietnam (UTC+7, no daylight saving). */
export function vnDateTime(d: Date): string {
  const v = new Date(d.getTime() + 7 * 3600_000);
  return `${v.getUTCFullYear()}${pad(v.getUTCMonth() + 1)}${pad(v.getUTCDate())}${pad(v.getUTCHours())}${pad(v.getUTCMinutes())}`;
}

/** A date of birth (YYYY-MM-DD, YYYY-MM or YYYY) as yyyymmddHHMM with unknown parts as zeros. */
export function birthDateTime(dob: string): string {
  const [y = '0000', m = '00', d = '00'] = dob.split('-');
  return `${y}${m}${d}0000`;
}

/** dd/MM/yyyy (the gateway's card dates) as yyyymmdd; empty when absent. */
export function cardDate(ddmmyyyy: string | null): string {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(ddmmyyyy ?? '');
  return m ? `${m[3]}${m[2]}${m[1]}` : '';
}

export function xml0Row(x: Xml0Input): Xml0Row {
  // A new card (answers 003/004) is the one to use from now on.
  const c = x.card;
  const newCard = Boolean(c.maTheMoi);
  const at = vnDateTime(x.registeredAt);
  return {
    MA_LK: x.maLk,
    STT: 1,
    MA_BN: x.patientId === null ? '' : `BN${x.patientId}`,
    HO_TEN: x.identity.name,
    SO_CCCD: x.identity.id ?? '',
    NGAY_SINH: birthDateTime(x.identity.dob),
    GIOI_TINH: x.identity.sex === 'M' ? 1 : 2,
    MA_THE_BHYT: (newCard ? c.maTheMoi : c.maThe) ?? '',
    MA_DKBD: (newCard ? c.maDKBDMoi : c.maDKBD) ?? '',
    GT_THE_TU: cardDate(newCard ? c.gtTheTuMoi : c.gtTheTu),
    GT_THE_DEN: cardDate(newCard ? c.gtTheDenMoi : c.gtTheDen),
    MA_DOITUONG_KCB: x.department.visitCategory,
    NGAY_VAO: at,
    NGAY_VAO_NOI_TRU: '',
    LY_DO_VNT: '',
    MA_LY_DO_VNT: '',
    MA_LOAI_KCB: x.department.careType,
    MA_CSKCB: x.facilityCode,
    MA_DICH_VU: x.department.serviceCode,
    TEN_DICH_VU: x.department.serviceName,
    MA_THUOC: '',
    TEN_THUOC: '',
    MA_VAT_TU: '',
    TEN_VAT_TU: '',
    NGAY_YL: at,
    DU_PHONG: '',
  };
}

function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!);
}

/** The document with every field in the table's order, and CHUKYDONVI empty for the signature. */
export function xml0Document(row: Xml0Row, opts: { declaration: boolean } = { declaration: true }): string {
  const fields = XML0_FIELDS.map((f) => `<${f.name}>${escapeXml(String(row[f.name] ?? ''))}</${f.name}>`).join('');
  return `${opts.declaration ? '<?xml version="1.0" encoding="UTF-8"?>\n' : ''}<CHI_TIEU_TRANG_THAI_KCB><DSACH_TRANG_THAI_KCB><TRANG_THAI_KCB>${fields}</TRANG_THAI_KCB></DSACH_TRANG_THAI_KCB><CHUKYDONVI></CHUKYDONVI></CHI_TIEU_TRANG_THAI_KCB>`;
}
