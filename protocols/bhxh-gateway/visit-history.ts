// POST /api/egw/Lskcb2025 (FORM body, AuthQuery in the query string): the visits of the last years
// (docs/research/checkin-xml0.md §5; docs/research/eligibility-gateway.md §3.4). The letter's table
// says JSON, but the real gateway refused JSON: a form body (the simulator answers JSON with 205).

import type { CardCheckBody } from './card-check.ts';

export const VISIT_HISTORY_PATH = '/api/egw/Lskcb2025';

/** The same fields as the card check. */
export type VisitHistoryBody = CardCheckBody;

/** One visit, as the gateway lists it. */
export interface GatewayVisit {
  readonly maCSKCB?: string;
  readonly ngayVao?: string;
  readonly ngayRa?: string;
  readonly tenBenh?: string;
  readonly tinhTrang?: string;
  readonly kqDieuTri?: string;
  readonly lyDoVV?: string;
}

export interface VisitHistoryAnswer {
  readonly maKetQua: string;
  readonly ghiChu?: string;
  readonly dsLichSuKCB2025: readonly GatewayVisit[] | null;
}
