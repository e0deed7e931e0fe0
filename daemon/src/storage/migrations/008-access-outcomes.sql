-- v8 (Phụ lục 03 as the province reads it): an access counts as a success only when the card's BHYT
-- information came back; a failed lookup is an error, an unanswered one pending (see
-- counting/access-outcome.ts). Past events are recounted with the default code lists; events whose
-- answer retention already erased (and reads that needed no lookup) keep counting as successes,
-- as they did. The daily counters move by exactly the reclassified events, and the hub is sent
-- every day again (dirty_from). What the migration did is kept in migration_notes and logged.
-- Inventory snapshots per day and submitted report copies (reports/submissions.ts) come with it.
-- From now on a trigger moves the day's counters when a pending access is answered, in the same
-- statement that stores the answer: the counters cannot drift from the events, even in a crash.

ALTER TABLE scan_events ADD COLUMN counted TEXT;
ALTER TABLE scan_events ADD COLUMN counted_group TEXT;
ALTER TABLE daily_counters ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily_counters ADD COLUMN err_read INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily_counters ADD COLUMN err_validation INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily_counters ADD COLUMN err_not_covered INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily_counters ADD COLUMN err_input INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily_counters ADD COLUMN err_identity INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily_counters ADD COLUMN err_other INTEGER NOT NULL DEFAULT 0;
ALTER TABLE hub_push_state ADD COLUMN dirty_from TEXT;
ALTER TABLE hub_push_state ADD COLUMN dirty_seq INTEGER NOT NULL DEFAULT 0;
UPDATE scan_events SET counted = 'error', counted_group = CASE WHEN error_class = 'validation' THEN 'errorsValidation' ELSE 'errorsRead' END
  WHERE outcome = 'error';
UPDATE scan_events SET counted = 'pending'
  WHERE outcome = 'success' AND (eligibility_status = 'unverified' OR (eligibility_json IS NULL AND id IN (SELECT event_id FROM verify_queue)));
UPDATE scan_events SET counted = 'success'
  WHERE counted IS NULL AND (eligibility_json IS NULL OR json_extract(eligibility_json, '$.code') IN ('000', '001', '002', '003', '004'));
UPDATE scan_events SET counted = 'error', counted_group = CASE
    WHEN eligibility_status = 'unanswered' THEN 'lookupOther'
    WHEN json_extract(eligibility_json, '$.code') IN ('010', '050', '110', '120', '121', '122', '123', '124', '130') THEN 'lookupNotCovered'
    WHEN json_extract(eligibility_json, '$.code') IN ('051', '052', '053', '054', '055', '205', 'rejected') THEN 'lookupInput'
    WHEN json_extract(eligibility_json, '$.code') IN ('060', '061', '070') THEN 'lookupIdentity'
    ELSE 'lookupOther' END
  WHERE counted IS NULL;
CREATE TEMP TABLE v8_counts AS SELECT day, facility_id, station_id, device_id, desk_id,
    SUM(counted = 'pending') AS p, SUM(outcome = 'success' AND counted = 'error') AS moved,
    SUM(counted_group = 'errorsRead') AS r, SUM(counted_group = 'errorsValidation') AS v, SUM(counted_group = 'lookupNotCovered') AS nc,
    SUM(counted_group = 'lookupInput') AS i, SUM(counted_group = 'lookupIdentity') AS id, SUM(counted_group = 'lookupOther') AS o
  FROM scan_events GROUP BY day, facility_id, station_id, device_id, desk_id;
UPDATE daily_counters SET pending = v.p, successes = MAX(0, successes - v.p - v.moved), errors = errors + v.moved,
    err_read = v.r, err_validation = v.v, err_not_covered = v.nc, err_input = v.i, err_identity = v.id, err_other = v.o
  FROM v8_counts AS v
  WHERE daily_counters.day = v.day AND daily_counters.facility_id = v.facility_id AND daily_counters.station_id = v.station_id
    AND daily_counters.device_id = v.device_id AND daily_counters.desk_id = v.desk_id;
UPDATE hub_push_state SET dirty_from = (SELECT MIN(day) FROM v8_counts), dirty_seq = dirty_seq + 1;
CREATE TABLE inventory_history (day TEXT PRIMARY KEY, facility_json TEXT NOT NULL, at TEXT NOT NULL);
CREATE TABLE report_submissions (
  id TEXT PRIMARY KEY, period_from TEXT NOT NULL, period_to TEXT NOT NULL, submitted_at TEXT NOT NULL,
  submitted_by TEXT NOT NULL, report_json TEXT NOT NULL, xlsx_base64 TEXT NOT NULL, checksum TEXT NOT NULL
);
CREATE TABLE migration_notes (version INTEGER NOT NULL, at TEXT NOT NULL, note TEXT NOT NULL);
INSERT INTO migration_notes (version, at, note) SELECT 8, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
    'Đếm lại lượt truy cập / accesses recounted: ' || COALESCE(SUM(moved), 0) || ' tra cứu thất bại chuyển từ thành công sang lỗi / failed lookups moved from successes to errors, '
    || COALESCE(SUM(p), 0) || ' đang chờ tra cứu / now pending; lượt không còn kết quả tra cứu vẫn tính thành công / reads without a stored answer stay successes: '
    || (SELECT COUNT(*) FROM scan_events WHERE outcome = 'success' AND eligibility_json IS NULL AND counted = 'success')
  FROM v8_counts;
DROP TABLE v8_counts;
CREATE TRIGGER scan_events_counted AFTER UPDATE OF counted ON scan_events
  WHEN OLD.counted = 'pending' AND NEW.counted IN ('success', 'error')
BEGIN
  UPDATE daily_counters SET pending = pending - 1, successes = successes + (NEW.counted IS 'success'), errors = errors + (NEW.counted IS 'error'),
      err_not_covered = err_not_covered + (NEW.counted_group IS 'lookupNotCovered'), err_input = err_input + (NEW.counted_group IS 'lookupInput'),
      err_identity = err_identity + (NEW.counted_group IS 'lookupIdentity'), err_other = err_other + (NEW.counted_group IS 'lookupOther')
    WHERE day = NEW.day AND facility_id = NEW.facility_id AND station_id = NEW.station_id AND device_id = NEW.device_id AND desk_id = NEW.desk_id;
  UPDATE hub_push_state SET dirty_from = MIN(COALESCE(dirty_from, NEW.day), NEW.day), dirty_seq = dirty_seq + 1 WHERE NEW.simulated = 0;
END;
