// The day's visit list the reception hands to the accounting desk every evening: one row per
// registration, the fields the admin chooses, personal data masked unless revealed (and a reveal is
// audited by the route). Masking goes through parse/mask.ts, the one place it is done; a date of
// birth keeps its year only.

import type { IdentityView, Registration } from '../api/contract.ts';
import { maskAddress, maskId, maskName } from '../parse/mask.ts';

interface Heading {
  readonly vi: string;
  readonly en: string;
}

export interface VisitEntry {
  readonly registration: Registration;
  /** The card or typed identity of the read the visit was registered from (null once purged). */
  readonly identity: IdentityView | null;
  /** The BHYT card code the gateway answered with, when the card itself carried none. */
  readonly answeredCard: string | null;
}

type Cell = (e: VisitEntry, reveal: boolean) => string;

/** A personal cell: the value in clear when revealed, else masked; empty when there is none. */
const personal =
  (pick: (e: VisitEntry) => string | null | undefined, mask: (v: string) => string): Cell =>
  (e, reveal) => {
    const v = pick(e);
    return v ? (reveal ? v : mask(v)) : '';
  };

const maskDob = (dob: string): string => `${dob.slice(0, 4)}-**-**`;

/** Every field a list can have, in its column order, with its heading. */
export const VISIT_FIELDS = {
  ticket: { vi: 'Số phiếu', en: 'Ticket', cell: (e) => e.registration.ticket },
  at: { vi: 'Giờ đăng ký', en: 'Registered at', cell: (e) => e.registration.at },
  department: { vi: 'Khoa/phòng', en: 'Department', cell: (e) => e.registration.department.name },
  desk: { vi: 'Quầy', en: 'Desk', cell: (e) => e.registration.desk },
  name: { vi: 'Họ tên', en: 'Name', cell: personal((e) => e.identity?.name, maskName) },
  idNumber: { vi: 'Số định danh', en: 'ID number', cell: personal((e) => e.identity && (e.identity.id ?? e.identity.oldId), maskId) },
  cardCode: { vi: 'Mã thẻ BHYT', en: 'BHYT card', cell: personal((e) => e.identity?.cardCode ?? e.answeredCard, maskId) },
  dob: { vi: 'Ngày sinh', en: 'Date of birth', cell: personal((e) => e.identity?.dob, maskDob) },
  sex: { vi: 'Giới tính', en: 'Sex', cell: (e) => (e.identity ? (e.identity.sex === 'F' ? 'Nữ' : 'Nam') : '') },
  address: { vi: 'Địa chỉ', en: 'Address', cell: personal((e) => e.identity?.address, maskAddress) },
  eligibility: {
    vi: 'Kết quả tra cứu BHYT',
    en: 'Eligibility',
    cell: (e) => [e.registration.eligibility.outcome, e.registration.eligibility.code].filter(Boolean).join(' '),
  },
  checkIn: { vi: 'Check-in BHXH', en: 'BHXH check-in', cell: (e) => e.registration.checkIn?.state ?? '' },
} as const satisfies Record<string, Heading & { readonly cell: Cell }>;

export type VisitField = keyof typeof VISIT_FIELDS;
export const VISIT_FIELD_NAMES = Object.keys(VISIT_FIELDS) as VisitField[];

/** `fields`: a comma-separated list of field names (validated by the route's schema); none: all. */
export function visitFieldsOf(fields: string | undefined): VisitField[] {
  if (!fields) return VISIT_FIELD_NAMES;
  return [...new Set(fields.split(','))].filter((f): f is VisitField => f in VISIT_FIELDS);
}

export function visitHeader(fields: readonly VisitField[]): string[] {
  return fields.map((f) => `${VISIT_FIELDS[f].vi} / ${VISIT_FIELDS[f].en}`);
}

export function visitRow(entry: VisitEntry, fields: readonly VisitField[], reveal: boolean): string[] {
  return fields.map((f) => VISIT_FIELDS[f].cell(entry, reveal));
}
