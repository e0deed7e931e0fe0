import type { Db } from './db.ts';

// Append-only: a released migration is never edited, a new one is added.
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE scan_events (
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
   );
   CREATE INDEX scan_events_day ON scan_events (day, device_id);
   CREATE TABLE daily_counters (
     day TEXT NOT NULL,
     device_id TEXT NOT NULL,
     desk_id TEXT NOT NULL,
     scans INTEGER NOT NULL DEFAULT 0,
     searches INTEGER NOT NULL DEFAULT 0,
     successes INTEGER NOT NULL DEFAULT 0,
     errors INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (day, device_id, desk_id)
   );`,
  `CREATE TABLE eligibility_cache (
     key_hash TEXT PRIMARY KEY,
     answer_json TEXT NOT NULL,
     checked_at TEXT NOT NULL
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
   );
   CREATE INDEX verify_queue_due ON verify_queue (next_at);`,
  // v3: events and counters know where they happened (facility, station) for the district report;
  // an empty place is filled from the config at start-up (placeUnplaced). Scanner inventory keeps
  // what the report needs beyond a daemon run: last time online, and a technician's override.
  `ALTER TABLE scan_events ADD COLUMN facility_id TEXT NOT NULL DEFAULT '';
   ALTER TABLE scan_events ADD COLUMN station_id TEXT NOT NULL DEFAULT '';
   ALTER TABLE scan_events ADD COLUMN error_class TEXT;
   CREATE TABLE counters_v3 (
     day TEXT NOT NULL,
     facility_id TEXT NOT NULL,
     station_id TEXT NOT NULL,
     device_id TEXT NOT NULL,
     desk_id TEXT NOT NULL,
     scans INTEGER NOT NULL DEFAULT 0,
     searches INTEGER NOT NULL DEFAULT 0,
     successes INTEGER NOT NULL DEFAULT 0,
     errors INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (day, facility_id, station_id, device_id, desk_id)
   );
   INSERT INTO counters_v3 (day, facility_id, station_id, device_id, desk_id, scans, searches, successes, errors)
     SELECT day, '', '', device_id, desk_id, scans, searches, successes, errors FROM daily_counters;
   DROP TABLE daily_counters;
   ALTER TABLE counters_v3 RENAME TO daily_counters;
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
   CREATE TABLE hub_push_state (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     acked_through TEXT,
     last_attempt TEXT,
     last_error TEXT
   );`,
  // v4: who looked up whom. Every event carries its actor (the audit of scans, searches and camera
  // reads); audit_log holds the other lookups (viewing a stored result). Both keep the keyed hash only.
  `ALTER TABLE scan_events ADD COLUMN actor TEXT;
   CREATE TABLE audit_log (
     id INTEGER PRIMARY KEY,
     at TEXT NOT NULL,
     actor TEXT NOT NULL,
     desk_id TEXT NOT NULL,
     action TEXT NOT NULL,
     event_id INTEGER,
     id_hash TEXT,
     outcome TEXT NOT NULL
   );
   CREATE INDEX audit_log_at ON audit_log (at);
   CREATE INDEX scan_events_at ON scan_events (at);`,
  // v5: the patient index (one patient, many identifiers over time), registrations with their daily
  // queue numbers, and the durable queue of webhook deliveries to the hospital's HIS.
  `CREATE TABLE patients (
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
   CREATE INDEX webhook_queue_due ON webhook_queue (delivered_at, next_at);`,
  // v6 (security round 2): reads of simulated scanners are marked and kept out of the report, the
  // inventory and the hub push (rows stored before v6 keep simulated = 0: nothing marked them then);
  // a keyed hash of the name for name + date-of-birth search; indexes for CMND and BHXH-number search
  // (the same expressions as identity-lookup.ts, so SQLite uses them); the webhook keeps a
  // non-personal tombstone of a purged body; the audit names what was viewed (patient, registration).
  `ALTER TABLE scan_events ADD COLUMN simulated INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE daily_counters ADD COLUMN simulated INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE scan_events ADD COLUMN name_hash TEXT;
   CREATE INDEX scan_events_id_hash ON scan_events (id_hash) WHERE id_hash IS NOT NULL;
   CREATE INDEX scan_events_name ON scan_events (name_hash) WHERE name_hash IS NOT NULL;
   CREATE INDEX scan_events_old_id ON scan_events (json_extract(identity_json, '$.oldId')) WHERE identity_json IS NOT NULL;
   CREATE INDEX scan_events_bhxh ON scan_events (substr(json_extract(identity_json, '$.cardCode'), 6)) WHERE identity_json IS NOT NULL;
   ALTER TABLE webhook_queue ADD COLUMN purged_at TEXT;
   ALTER TABLE audit_log ADD COLUMN subject TEXT;`,
  // v7 (gateway round 2): a lookup is written ahead with its event (in_flight = 1 while a call may be
  // out; a start re-sends those); the cache remembers which request an answer was for (the 15-minute
  // re-lookup window answers only the same card, name and date of birth); visit history from
  // Lskcb2025 is kept per event and erased with the other patient details.
  `ALTER TABLE verify_queue ADD COLUMN in_flight INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE eligibility_cache ADD COLUMN request_hash TEXT;
   CREATE TABLE visit_history (
     event_id INTEGER PRIMARY KEY,
     fetched_at TEXT NOT NULL,
     code TEXT NOT NULL,
     visits_json TEXT
   );`,
];

export async function migrate(db: Db): Promise<void> {
  await db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const row = await db.get<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_version');
  const current = row?.v ?? 0;
  for (let v = current + 1; v <= MIGRATIONS.length; v++) {
    await db.transaction(async () => {
      for (const stmt of MIGRATIONS[v - 1]!.split(/;\s*\n/).filter((s) => s.trim() !== '')) await db.runNow(stmt);
      await db.runNow('INSERT INTO schema_version (version) VALUES (?)', [v]);
    });
  }
}
