-- v16 (Phụ lục 2, #29): the BHXH gateway exchanges of each Vietnam day, per unit and call (token,
-- check, history, checkin), as the district's "Tổng liên thông / Thành công / Lỗi" counts them:
-- answered = the gateway gave a result (any maKetQua, or any HTTP status below 500 with a body it
-- meant); failed = no usable answer (time-out, refused connection, network, HTTP 5xx, a body without a
-- result). simulated = 1: the bundled simulator answered (kept for the technician, never reported).
-- Written only by storage/gateway-daily-repo.ts, from the counts eligibility/gateway-tally.ts gathers
-- in memory (docs/reference/report-rules.md, "Phụ lục 2"). Kept apart from daily_counters, which
-- count accesses (Phụ lục 03), not exchanges.

CREATE TABLE gateway_daily (
  day TEXT NOT NULL,
  facility_id TEXT NOT NULL,
  call TEXT NOT NULL,
  simulated INTEGER NOT NULL DEFAULT 0,
  answered INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, facility_id, call, simulated)
);
