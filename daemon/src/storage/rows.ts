// The row of every table, as the migrations (migrations/) leave it. Generated: never edit; after a
// migration, run node bin/run-ts.mjs packaging/dump-rows.ts > daemon/src/storage/rows.ts

export interface Rows {
  readonly audit_log: {
    readonly id: number;
    readonly at: string;
    readonly actor: string;
    readonly desk_id: string;
    readonly action: string;
    readonly event_id: number | null;
    readonly id_hash: string | null;
    readonly outcome: string;
    readonly subject: string | null;
  };
  readonly checkins: {
    readonly registration_id: number;
    readonly ma_lk: string;
    readonly state: string;
    readonly attempts: number;
    readonly next_at: number;
    readonly created_at: string;
    readonly code: string | null;
    readonly message: string | null;
    readonly ma_giao_dich: string | null;
    readonly thoi_gian_tiep_nhan: string | null;
    readonly sent_at: string | null;
  };
  readonly daily_counters: {
    readonly day: string;
    readonly facility_id: string;
    readonly station_id: string;
    readonly device_id: string;
    readonly desk_id: string;
    readonly scans: number;
    readonly searches: number;
    readonly successes: number;
    readonly errors: number;
    readonly simulated: number;
    readonly pending: number;
    readonly err_read: number;
    readonly err_validation: number;
    readonly err_not_covered: number;
    readonly err_input: number;
    readonly err_identity: number;
    readonly err_other: number;
    readonly err_lost: number;
    readonly chips: number;
  };
  readonly eligibility_cache: {
    readonly key_hash: string;
    readonly answer_json: string;
    readonly checked_at: string;
    readonly request_hash: string | null;
  };
  readonly gateway_daily: {
    readonly day: string;
    readonly facility_id: string;
    readonly call: string;
    readonly simulated: number;
    readonly answered: number;
    readonly failed: number;
  };
  readonly hub_push_state: {
    readonly id: number;
    readonly acked_through: string | null;
    readonly last_attempt: string | null;
    readonly last_error: string | null;
    readonly dirty_from: string | null;
    readonly dirty_seq: number;
  };
  readonly inventory_history: {
    readonly day: string;
    readonly facility_json: string;
    readonly at: string;
  };
  readonly lost_read_acks: {
    readonly id: number;
    readonly at: string;
    readonly actor: string;
    readonly up_to_event_id: number;
    readonly acknowledged: number;
  };
  readonly migration_notes: {
    readonly version: number;
    readonly at: string;
    readonly note: string;
  };
  readonly patient_identifiers: {
    readonly kind: string;
    readonly value_hash: string;
    readonly value: string | null;
    readonly patient_id: number;
    readonly first_seen: string;
    readonly last_seen: string;
  };
  readonly patient_merges: {
    readonly id: number;
    readonly kept: number;
    readonly merged: number;
    readonly at: string;
    readonly actor: string;
    readonly identifiers: string;
    readonly registrations: string;
    readonly undone_at: string | null;
    readonly undone_by: string | null;
  };
  readonly patients: {
    readonly id: number;
    readonly name: string | null;
    readonly name_key: string | null;
    readonly dob: string | null;
    readonly sex: string | null;
    readonly address: string | null;
    readonly created_at: string;
    readonly updated_at: string;
    readonly merged_into: number | null;
  };
  readonly possible_duplicates: {
    readonly patient_a: number;
    readonly patient_b: number;
    readonly reason: string;
    readonly flagged_at: string;
    readonly resolved_at: string | null;
    readonly resolution: string | null;
    readonly resolved_by: string | null;
  };
  readonly queue_calls: {
    readonly registration_id: number;
    readonly state: string;
    readonly desk: string | null;
    readonly called_at: string | null;
    readonly last_called_at: string | null;
    readonly calls: number;
    readonly served_at: string | null;
    readonly finished_at: string | null;
    readonly updated_at: string;
  };
  readonly registrations: {
    readonly id: number;
    readonly at: string;
    readonly day: string;
    readonly event_id: number;
    readonly patient_id: number | null;
    readonly desk_id: string;
    readonly department: string;
    readonly queue_number: number;
    readonly ticket: string;
    readonly eligibility_outcome: string | null;
    readonly eligibility_code: string | null;
    readonly priority_reasons: string;
    readonly partial_dob: number;
    readonly priority_requested: string;
  };
  readonly report_submissions: {
    readonly id: string;
    readonly period_from: string;
    readonly period_to: string;
    readonly submitted_at: string;
    readonly submitted_by: string;
    readonly report_json: string;
    readonly xlsx_base64: string;
    readonly checksum: string;
  };
  readonly scan_events: {
    readonly id: number;
    readonly at: string;
    readonly day: string;
    readonly device_id: string;
    readonly desk_id: string;
    readonly source: string;
    readonly outcome: string;
    readonly error_code: string | null;
    readonly payload_kind: string | null;
    readonly id_hash: string | null;
    readonly identity_json: string | null;
    readonly raw_hex: string | null;
    readonly eligibility_status: string | null;
    readonly eligibility_json: string | null;
    readonly eligibility_at: string | null;
    readonly facility_id: string;
    readonly station_id: string;
    readonly error_class: string | null;
    readonly actor: string | null;
    readonly simulated: number;
    readonly name_hash: string | null;
    readonly counted: string | null;
    readonly counted_group: string | null;
    readonly reader: string | null;
    readonly chip_verification: string | null;
  };
  readonly scanner_inventory: {
    readonly device_id: string;
    readonly desk_id: string;
    readonly mode: string;
    readonly first_seen: string;
    readonly last_online: string | null;
    readonly override_status: string | null;
    readonly override_reason: string | null;
    readonly override_at: string | null;
  };
  readonly scanner_registry: {
    readonly identity_key: string;
    readonly device_id: string;
    readonly desk: string | null;
    readonly assigned_by: string | null;
    readonly assigned_at: string | null;
    readonly first_seen: string;
    readonly last_seen: string;
    readonly last_path: string;
  };
  readonly schema_version: {
    readonly version: number;
  };
  readonly sessions: {
    readonly id: string;
    readonly secret_hash: string;
    readonly caller_id: string;
    readonly role: string;
    readonly desk: string | null;
    readonly token_fingerprint: string;
    readonly created_at: string;
    readonly last_seen_at: string;
    readonly expires_at: string | null;
    readonly revoked_at: string | null;
    readonly revoked_reason: string | null;
  };
  readonly station_equipment: {
    readonly station_id: string;
    readonly kind: string;
    readonly working: number;
    readonly not_working: number;
    readonly needed: number;
    readonly reason: string | null;
    readonly updated_at: string;
  };
  readonly verify_queue: {
    readonly id: number;
    readonly event_id: number;
    readonly device_id: string;
    readonly desk_id: string;
    readonly request_json: string;
    readonly attempts: number;
    readonly next_at: number;
    readonly last_code: string | null;
    readonly created_at: string;
    readonly in_flight: number;
  };
  readonly visit_history: {
    readonly event_id: number;
    readonly fetched_at: string;
    readonly code: string;
    readonly visits_json: string | null;
  };
  readonly webhook_queue: {
    readonly id: number;
    readonly registration_id: number;
    readonly idempotency_key: string;
    readonly body: string;
    readonly attempts: number;
    readonly next_at: number;
    readonly last_error: string | null;
    readonly delivered_at: string | null;
    readonly purged_at: string | null;
  };
}
