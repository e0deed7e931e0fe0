// The XML0 table of QĐ 4750 ("bảng chỉ tiêu trạng thái khám bệnh, chữa bệnh"): the fields of
// TRANG_THAI_KCB in the table's order, with their types and maximum lengths (docs/research/
// checkin-xml0.md §2, from [DM], [INV] and the QĐ 4750 table in [TH]). A row is validated against the
// JSON Schema below before it is signed: a field too long or of the wrong shape never leaves.

import { Ajv } from 'ajv';

export interface Xml0Field {
  readonly name: string;
  readonly type: 'string' | 'number';
  readonly max: number;
  /** What the value must be when it is not empty (a regular expression without anchors). */
  readonly pattern?: string;
}

const DATETIME = '\\d{12}'; // yyyymmddHHMM
const DATE = '\\d{8}'; // yyyymmdd

export const XML0_FIELDS: readonly Xml0Field[] = [
  { name: 'MA_LK', type: 'string', max: 100 },
  { name: 'STT', type: 'number', max: 10 },
  { name: 'MA_BN', type: 'string', max: 100 },
  { name: 'HO_TEN', type: 'string', max: 255 },
  { name: 'SO_CCCD', type: 'string', max: 15, pattern: '\\d+' },
  { name: 'NGAY_SINH', type: 'string', max: 12, pattern: DATETIME },
  { name: 'GIOI_TINH', type: 'number', max: 1 },
  { name: 'MA_THE_BHYT', type: 'string', max: 15 },
  { name: 'MA_DKBD', type: 'string', max: 5 },
  { name: 'GT_THE_TU', type: 'string', max: 8, pattern: DATE },
  { name: 'GT_THE_DEN', type: 'string', max: 8, pattern: DATE },
  { name: 'MA_DOITUONG_KCB', type: 'string', max: 4 },
  { name: 'NGAY_VAO', type: 'string', max: 12, pattern: DATETIME },
  { name: 'NGAY_VAO_NOI_TRU', type: 'string', max: 12, pattern: DATETIME },
  { name: 'LY_DO_VNT', type: 'string', max: 1024 },
  { name: 'MA_LY_DO_VNT', type: 'string', max: 5 },
  { name: 'MA_LOAI_KCB', type: 'string', max: 2 },
  { name: 'MA_CSKCB', type: 'string', max: 5 },
  { name: 'MA_DICH_VU', type: 'string', max: 50 },
  { name: 'TEN_DICH_VU', type: 'string', max: 1024 },
  { name: 'MA_THUOC', type: 'string', max: 255 },
  { name: 'TEN_THUOC', type: 'string', max: 1024 },
  { name: 'MA_VAT_TU', type: 'string', max: 255 },
  { name: 'TEN_VAT_TU', type: 'string', max: 1024 },
  { name: 'NGAY_YL', type: 'string', max: 12, pattern: DATETIME },
  { name: 'DU_PHONG', type: 'string', max: 1024 },
];

export type Xml0Row = Record<string, string | number>;

/** Fields every check-in this project sends must carry (no source gives a "mandatory" column: these
 *  are the ones without which the gateway cannot tell whose visit started where). */
const REQUIRED = ['MA_LK', 'STT', 'HO_TEN', 'NGAY_SINH', 'GIOI_TINH', 'MA_THE_BHYT', 'MA_DOITUONG_KCB', 'NGAY_VAO', 'MA_LOAI_KCB', 'MA_CSKCB', 'MA_DICH_VU'];

export const XML0_ROW_SCHEMA = {
  $id: 'urn:tiepnhan:xml0:TRANG_THAI_KCB',
  type: 'object',
  additionalProperties: false,
  required: REQUIRED,
  properties: Object.fromEntries(
    XML0_FIELDS.map((f) => [
      f.name,
      f.type === 'number'
        ? { type: 'integer', minimum: 0, maximum: 10 ** f.max - 1 }
        : { type: 'string', maxLength: f.max, ...(f.pattern ? { pattern: `^(?:${f.pattern})?$` } : {}) },
    ]),
  ),
} as const;

// Compiled at the first check-in, not at start (a site without check-in never pays for it).
let validate: ReturnType<Ajv['compile']> | null = null;

/** The row's problems as "FIELD: message" lines; empty when it is valid. */
export function xml0Problems(row: Xml0Row): string[] {
  validate ??= new Ajv({ allErrors: true }).compile(XML0_ROW_SCHEMA);
  if (validate(row)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath.replace(/^\//, '') || (e.params as { missingProperty?: string }).missingProperty || '/'}: ${e.message ?? ''}`,
  );
}
