-- v6 (security round 2): reads of simulated scanners are marked and kept out of the report, the
-- inventory and the hub push (rows stored before v6 keep simulated = 0: nothing marked them then);
-- a keyed hash of the name for name + date-of-birth search; indexes for CMND and BHXH-number search
-- (the same expressions as identity-lookup.ts, so SQLite uses them); the webhook keeps a
-- non-personal tombstone of a purged body; the audit names what was viewed (patient, registration).

ALTER TABLE scan_events ADD COLUMN simulated INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily_counters ADD COLUMN simulated INTEGER NOT NULL DEFAULT 0;
ALTER TABLE scan_events ADD COLUMN name_hash TEXT;
CREATE INDEX scan_events_id_hash ON scan_events (id_hash) WHERE id_hash IS NOT NULL;
CREATE INDEX scan_events_name ON scan_events (name_hash) WHERE name_hash IS NOT NULL;
CREATE INDEX scan_events_old_id ON scan_events (json_extract(identity_json, '$.oldId')) WHERE identity_json IS NOT NULL;
CREATE INDEX scan_events_bhxh ON scan_events (substr(json_extract(identity_json, '$.cardCode'), 6)) WHERE identity_json IS NOT NULL;
ALTER TABLE webhook_queue ADD COLUMN purged_at TEXT;
ALTER TABLE audit_log ADD COLUMN subject TEXT;
