// Phụ lục 2 as it crosses HTTP (GET /api/reports/phu-luc-02?format=json) and reaches the /reports
// page: part of the wire contract (see contract.ts). Built by reports/phu-luc-02.ts; the rule is in
// docs/reference/report-rules.md ("Phụ lục 2").

export type UnitKind = 'hospital' | 'clinic' | 'commune';

/** RỒI / CHƯA, or "—" where the report cannot know (a site that does not send the field). */
export type Mark = 'RỒI' | 'CHƯA' | '—';

export interface PhuLuc02Period {
  readonly from: string;
  readonly to: string;
  /** "Tính từ ngày 01/05/2018 đến ngày 31/12/2018" (seed 000 line 101). */
  readonly heading: string;
}

export interface ExchangeCells {
  /** Tổng liên thông = thành công + lỗi. */
  readonly total: number;
  readonly success: number;
  readonly error: number;
}

export interface PhuLuc02Row {
  readonly stt: number | null;
  readonly facilityId: string | null;
  readonly label: string;
  readonly kind: UnitKind | null;
  /** "Cấp tài khoản"; in the TỔNG SỐ row the count of RỒI is in `accountCount`. */
  readonly account: Mark | null;
  readonly connected: Mark | null;
  readonly accountCount: number | null;
  readonly connectedCount: number | null;
  /** One per period; null: unknown ("—"). */
  readonly periods: readonly (ExchangeCells | null)[];
}

export interface TierSummary {
  readonly kind: UnitKind;
  readonly label: string;
  readonly units: number;
  /** "Số lượng": units of the tier connected. */
  readonly connected: number;
  /** "Tỷ lệ %": connected of the tier's units, one decimal; null without units. */
  readonly percent: number | null;
}

export interface PhuLuc02 {
  readonly form: 'phu-luc-02';
  readonly title: string;
  readonly periods: readonly PhuLuc02Period[];
  readonly rows: readonly PhuLuc02Row[];
  readonly total: PhuLuc02Row;
  readonly tiers: readonly TierSummary[];
  readonly generatedAt: string;
}
