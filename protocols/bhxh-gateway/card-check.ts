// POST /api/egw/KQNhanLichSuKCB2024 (JSON body, AuthQuery in the query string): the card check
// (docs/research/eligibility-gateway.md §3). maKetQua is read from the body whatever the HTTP status.

export const CARD_CHECK_PATH = '/api/egw/KQNhanLichSuKCB2024';

export interface CardCheckBody {
  /** 12-digit ID, 10-digit BHXH number or 15-character card code. */
  readonly maThe: string;
  readonly hoTen: string;
  /** dd/MM/yyyy, MM/yyyy or yyyy. */
  readonly ngaySinh: string;
  /** The desk officer's name and CCCD: checked on every call (054/055 otherwise). */
  readonly hoTenCb: string;
  readonly cccdCb: string;
}

/** The answer: maKetQua and ghiChu, and for an answered card its fields, all strings (§3.3). */
export type CardCheckAnswer = Readonly<Record<string, string>> & { readonly maKetQua: string };
