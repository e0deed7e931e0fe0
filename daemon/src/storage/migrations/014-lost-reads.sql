-- v14 (nothing lost in silence): a read the database could not take within storage.retryForMs (a full
-- disk) is written, once the disk accepts writes again, as an error event of its device with
-- error_code 'notStored' and no patient data (pipeline/scan-pipeline.ts), counted in its day's
-- err_lost beside the other causes of "Lỗi". A technician acknowledges the losses on /tech; each
-- acknowledgement covers the lost reads up to the newest event id it saw (storage/lost-reads.ts
-- writes it; the audit log has who).

ALTER TABLE daily_counters ADD COLUMN err_lost INTEGER NOT NULL DEFAULT 0;
CREATE TABLE lost_read_acks (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  up_to_event_id INTEGER NOT NULL,
  acknowledged INTEGER NOT NULL
);
CREATE INDEX scan_events_not_stored ON scan_events (id) WHERE error_code = 'notStored';
