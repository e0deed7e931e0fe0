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
  // v8 (Phụ lục 03 as the province reads it): an access counts as a success only when the card's BHYT
  // information came back; a failed lookup is an error, an unanswered one pending (see
  // counting/access-outcome.ts). Past events are recounted with the default code lists; events whose
  // answer retention already erased (and reads that needed no lookup) keep counting as successes,
  // as they did. The daily counters move by exactly the reclassified events, and the hub is sent
  // every day again (dirty_from). What the migration did is kept in migration_notes and logged.
  // Inventory snapshots per day and submitted report copies (reports/submissions.ts) come with it.
  // From now on a trigger moves the day's counters when a pending access is answered, in the same
  // statement that stores the answer: the counters cannot drift from the events, even in a crash.
  `ALTER TABLE scan_events ADD COLUMN counted TEXT;
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
       WHERE day = NEW.day AND facility_id = NEW.facility_id AND station_id = NEW.station_id AND device_id = NEW.device_id AND desk_id = NEW.desk_id;  UPDATE hub_push_state SET dirty_from = MIN(COALESCE(dirty_from, NEW.day), NEW.day), dirty_seq = dirty_seq + 1 WHERE NEW.simulated = 0;  END;`,
  // v9 (check-in, QĐ 4750): each registration's XML0 check-in, written in the registration's own
  // transaction (nothing registered is missing from the gateway, whatever happens between the two)
  // and sent by a durable queue; the gateway's transaction id and time are kept with it.
  `CREATE TABLE checkins (
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
   CREATE INDEX checkins_due ON checkins (state, next_at);`,
  // v10 (duplicates a person resolves): a record merged into another keeps its row, marked; how each
  // flagged pair was resolved and by whom; each merge with exactly what it moved, so it can be undone.
  `ALTER TABLE patients ADD COLUMN merged_into INTEGER;
   ALTER TABLE possible_duplicates ADD COLUMN resolution TEXT;
   ALTER TABLE possible_duplicates ADD COLUMN resolved_by TEXT;
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
   );`,
  // v11 (scanners keep their desk): each discovered scanner's identity (USB serial number, else
  // vendor/product and port) with the device id it was given, so a replug on another path is the same
  // device with the same counters, and the desk a technician assigned it, which survives restarts.
  `CREATE TABLE scanner_registry (
     identity_key TEXT PRIMARY KEY,
     device_id TEXT NOT NULL UNIQUE,
     desk TEXT,
     assigned_by TEXT,
     assigned_at TEXT,
     first_seen TEXT NOT NULL,
     last_seen TEXT NOT NULL,
     last_path TEXT NOT NULL
   );`,
];

/** Brings the database to the newest version (`upTo`: an older one, for migration tests); returns the
 *  notes of the migrations it ran (what they changed in stored data), for the start-up log. */
export async function migrate(db: Db, opts: { upTo?: number } = {}): Promise<string[]> {
  await db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const row = await db.get<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_version');
  const current = row?.v ?? 0;
  const last = Math.min(opts.upTo ?? MIGRATIONS.length, MIGRATIONS.length);
  for (let v = current + 1; v <= last; v++) {
    await db.transaction(async () => {
      for (const stmt of MIGRATIONS[v - 1]!.split(/;\s*\n/).filter((s) => s.trim() !== '')) await db.runNow(stmt);
      await db.runNow('INSERT INTO schema_version (version) VALUES (?)', [v]);
    });
  }
  // A new database has nothing to recount; an up-to-date one ran nothing.
  if (current === 0 || current >= last || last < 8) return [];
  const notes = await db.all<{ version: number; note: string }>('SELECT version, note FROM migration_notes WHERE version > ? ORDER BY version', [current]);
  return notes.map((n) => `v${n.version}: ${n.note}`);
}
