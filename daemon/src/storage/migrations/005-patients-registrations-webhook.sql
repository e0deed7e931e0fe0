-- v5: the patient index (one patient, many identifiers over time), registrations with their daily
-- queue numbers, and the durable queue of webhook deliveries to the hospital's HIS.

CREATE TABLE patients (
  id INTEGER PRIMARY KEY,
  name TEXT,
  name_key TEXT,
  dob TEXT,
  sex TEXT,
  address TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX patients_name_dob ON patients (name_key, dob);
CREATE TABLE patient_identifiers (
  kind TEXT NOT NULL CHECK (kind IN ('cccd', 'cmnd', 'bhxh', 'bhyt')),
  value_hash TEXT NOT NULL,
  value TEXT,
  patient_id INTEGER NOT NULL REFERENCES patients (id),
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  PRIMARY KEY (kind, value_hash)
);
CREATE INDEX patient_identifiers_patient ON patient_identifiers (patient_id);
CREATE TABLE possible_duplicates (
  patient_a INTEGER NOT NULL,
  patient_b INTEGER NOT NULL,
  reason TEXT NOT NULL,
  flagged_at TEXT NOT NULL,
  resolved_at TEXT,
  PRIMARY KEY (patient_a, patient_b)
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
  eligibility_code TEXT,
  UNIQUE (day, department, queue_number),
  UNIQUE (event_id)
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
);
CREATE INDEX webhook_queue_due ON webhook_queue (delivered_at, next_at);
