-- What a fresh tiepnhan database holds after every migration in migrations/ (generated:
-- node bin/run-ts.mjs packaging/dump-schema.ts > daemon/src/storage/schema.sql). Read it to see
-- today's tables; change the schema with a new migration, never here.

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  desk_id TEXT NOT NULL,
  action TEXT NOT NULL,
  event_id INTEGER,
  id_hash TEXT,
  outcome TEXT NOT NULL
, subject TEXT);

CREATE TABLE checkins (
  registration_id INTEGER PRIMARY KEY,
  ma_lk TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL CHECK (state IN ('queued', 'accepted', 'rejected', 'skipped')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  code TEXT,
  message TEXT,
  ma_giao_dich TEXT,
  thoi_gian_tiep_nhan TEXT,
  sent_at TEXT
);

CREATE TABLE "daily_counters" (
  day TEXT NOT NULL,
  facility_id TEXT NOT NULL,
  station_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  desk_id TEXT NOT NULL,
  scans INTEGER NOT NULL DEFAULT 0,
  searches INTEGER NOT NULL DEFAULT 0,
  successes INTEGER NOT NULL DEFAULT 0,
  errors INTEGER NOT NULL DEFAULT 0, simulated INTEGER NOT NULL DEFAULT 0, pending INTEGER NOT NULL DEFAULT 0, err_read INTEGER NOT NULL DEFAULT 0, err_validation INTEGER NOT NULL DEFAULT 0, err_not_covered INTEGER NOT NULL DEFAULT 0, err_input INTEGER NOT NULL DEFAULT 0, err_identity INTEGER NOT NULL DEFAULT 0, err_other INTEGER NOT NULL DEFAULT 0, err_lost INTEGER NOT NULL DEFAULT 0, chips INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, facility_id, station_id, device_id, desk_id)
);

CREATE TABLE eligibility_cache (
  key_hash TEXT PRIMARY KEY,
  answer_json TEXT NOT NULL,
  checked_at TEXT NOT NULL
, request_hash TEXT);

CREATE TABLE gateway_daily (
  day TEXT NOT NULL,
  facility_id TEXT NOT NULL,
  call TEXT NOT NULL,
  simulated INTEGER NOT NULL DEFAULT 0,
  answered INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, facility_id, call, simulated)
);

CREATE TABLE hub_push_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  acked_through TEXT,
  last_attempt TEXT,
  last_error TEXT
, dirty_from TEXT, dirty_seq INTEGER NOT NULL DEFAULT 0);

CREATE TABLE inventory_history (day TEXT PRIMARY KEY, facility_json TEXT NOT NULL, at TEXT NOT NULL);

CREATE TABLE lost_read_acks (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  up_to_event_id INTEGER NOT NULL,
  acknowledged INTEGER NOT NULL
);

CREATE TABLE migration_notes (version INTEGER NOT NULL, at TEXT NOT NULL, note TEXT NOT NULL);

CREATE TABLE patient_identifiers (
  kind TEXT NOT NULL CHECK (kind IN ('cccd', 'cmnd', 'bhxh', 'bhyt')),
  value_hash TEXT NOT NULL,
  value TEXT,
  patient_id INTEGER NOT NULL REFERENCES patients (id),
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  PRIMARY KEY (kind, value_hash)
);

CREATE TABLE patient_merges (
  id INTEGER PRIMARY KEY,
  kept INTEGER NOT NULL,
  merged INTEGER NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  identifiers TEXT NOT NULL,
  registrations TEXT NOT NULL,
  undone_at TEXT,
  undone_by TEXT
);

CREATE TABLE patients (
  id INTEGER PRIMARY KEY,
  name TEXT,
  name_key TEXT,
  dob TEXT,
  sex TEXT,
  address TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
, merged_into INTEGER);

CREATE TABLE possible_duplicates (
  patient_a INTEGER NOT NULL,
  patient_b INTEGER NOT NULL,
  reason TEXT NOT NULL,
  flagged_at TEXT NOT NULL,
  resolved_at TEXT, resolution TEXT, resolved_by TEXT,
  PRIMARY KEY (patient_a, patient_b)
);

CREATE TABLE queue_calls (
  registration_id INTEGER PRIMARY KEY REFERENCES registrations (id),
  state TEXT NOT NULL,
  desk TEXT,
  called_at TEXT,
  last_called_at TEXT,
  calls INTEGER NOT NULL DEFAULT 0,
  served_at TEXT,
  finished_at TEXT,
  updated_at TEXT NOT NULL
);

CREATE TABLE registrations (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  day TEXT NOT NULL,
  event_id INTEGER NOT NULL,
  patient_id INTEGER,
  desk_id TEXT NOT NULL,
  department TEXT NOT NULL,
  queue_number INTEGER NOT NULL,
  ticket TEXT NOT NULL,
  eligibility_outcome TEXT,
  eligibility_code TEXT, priority_reasons TEXT NOT NULL DEFAULT '', partial_dob INTEGER NOT NULL DEFAULT 0, priority_requested TEXT NOT NULL DEFAULT '',
  UNIQUE (day, department, queue_number),
  UNIQUE (event_id)
);

CREATE TABLE report_submissions (
  id TEXT PRIMARY KEY, period_from TEXT NOT NULL, period_to TEXT NOT NULL, submitted_at TEXT NOT NULL,
  submitted_by TEXT NOT NULL, report_json TEXT NOT NULL, xlsx_base64 TEXT NOT NULL, checksum TEXT NOT NULL
);

CREATE TABLE scan_events (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  day TEXT NOT NULL,
  device_id TEXT NOT NULL,
  desk_id TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('scan', 'search', 'camera')),
  outcome TEXT NOT NULL CHECK (outcome IN ('success', 'error')),
  error_code TEXT,
  payload_kind TEXT,
  id_hash TEXT,
  identity_json TEXT,
  raw_hex TEXT,
  eligibility_status TEXT,
  eligibility_json TEXT,
  eligibility_at TEXT
, facility_id TEXT NOT NULL DEFAULT '', station_id TEXT NOT NULL DEFAULT '', error_class TEXT, actor TEXT, simulated INTEGER NOT NULL DEFAULT 0, name_hash TEXT, counted TEXT, counted_group TEXT, reader TEXT, chip_verification TEXT);

CREATE TABLE scanner_inventory (
  device_id TEXT PRIMARY KEY,
  desk_id TEXT NOT NULL,
  mode TEXT NOT NULL,
  first_seen TEXT NOT NULL,
  last_online TEXT,
  override_status TEXT CHECK (override_status IN ('working', 'notWorking')),
  override_reason TEXT,
  override_at TEXT
);

CREATE TABLE scanner_registry (
  identity_key TEXT PRIMARY KEY,
  device_id TEXT NOT NULL UNIQUE,
  desk TEXT,
  assigned_by TEXT,
  assigned_at TEXT,
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  last_path TEXT NOT NULL
);

CREATE TABLE schema_version (version INTEGER NOT NULL);

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  secret_hash TEXT NOT NULL UNIQUE,
  caller_id TEXT NOT NULL,
  role TEXT NOT NULL,
  desk TEXT,
  token_fingerprint TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT,
  revoked_at TEXT,
  revoked_reason TEXT
);

CREATE TABLE station_equipment (
  station_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('computers', 'printers')),
  working INTEGER NOT NULL DEFAULT 0,
  not_working INTEGER NOT NULL DEFAULT 0,
  needed INTEGER NOT NULL DEFAULT 0,
  reason TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (station_id, kind)
);

CREATE TABLE verify_queue (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL UNIQUE,
  device_id TEXT NOT NULL,
  desk_id TEXT NOT NULL,
  request_json TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER NOT NULL,
  last_code TEXT,
  created_at TEXT NOT NULL
, in_flight INTEGER NOT NULL DEFAULT 0);

CREATE TABLE visit_history (
  event_id INTEGER PRIMARY KEY,
  fetched_at TEXT NOT NULL,
  code TEXT NOT NULL,
  visits_json TEXT
);

CREATE TABLE webhook_queue (
  id INTEGER PRIMARY KEY,
  registration_id INTEGER NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE,
  body TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER NOT NULL,
  last_error TEXT,
  delivered_at TEXT
, purged_at TEXT);

CREATE INDEX audit_log_at ON audit_log (at);

CREATE INDEX checkins_due ON checkins (state, next_at);

CREATE INDEX patient_identifiers_patient ON patient_identifiers (patient_id);

CREATE INDEX patients_name_dob ON patients (name_key, dob);

CREATE INDEX scan_events_at ON scan_events (at);

CREATE INDEX scan_events_bhxh ON scan_events (substr(json_extract(identity_json, '$.cardCode'), 6)) WHERE identity_json IS NOT NULL;

CREATE INDEX scan_events_day ON scan_events (day, device_id);

CREATE INDEX scan_events_id_hash ON scan_events (id_hash) WHERE id_hash IS NOT NULL;

CREATE INDEX scan_events_name ON scan_events (name_hash) WHERE name_hash IS NOT NULL;

CREATE INDEX scan_events_not_stored ON scan_events (id) WHERE error_code = 'notStored';

CREATE INDEX scan_events_old_id ON scan_events (json_extract(identity_json, '$.oldId')) WHERE identity_json IS NOT NULL;

CREATE INDEX verify_queue_due ON verify_queue (next_at);

CREATE INDEX webhook_queue_due ON webhook_queue (delivered_at, next_at);

CREATE TRIGGER scan_events_counted AFTER UPDATE OF counted ON scan_events
  WHEN OLD.counted = 'pending' AND NEW.counted IN ('success', 'error')
BEGIN
  UPDATE daily_counters SET pending = pending - 1, successes = successes + (NEW.counted IS 'success'), errors = errors + (NEW.counted IS 'error'),
      err_not_covered = err_not_covered + (NEW.counted_group IS 'lookupNotCovered'), err_input = err_input + (NEW.counted_group IS 'lookupInput'),
      err_identity = err_identity + (NEW.counted_group IS 'lookupIdentity'), err_other = err_other + (NEW.counted_group IS 'lookupOther')
    WHERE day = NEW.day AND facility_id = NEW.facility_id AND station_id = NEW.station_id AND device_id = NEW.device_id AND desk_id = NEW.desk_id;
  UPDATE hub_push_state SET dirty_from = MIN(COALESCE(dirty_from, NEW.day), NEW.day), dirty_seq = dirty_seq + 1 WHERE NEW.simulated = 0;
END;
