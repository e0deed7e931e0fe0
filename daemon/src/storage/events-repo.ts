// Read events and the daily counters they feed. An event and its counter increment are committed in
// one transaction, before anybody is told about the event: counters always equal the event log.

import type { Counters, DeviceCounters, EligibilityMessage, IdentityView } from '../api/contract.ts';
import {
  BREAKDOWN_COLUMNS,
  BREAKDOWN_KEYS,
  countedAnswer,
  countedAtRead,
  DEFAULT_OUTCOME_RULES,
  type Counted,
  type OutcomeRules,
} from '../counting/access-outcome.ts';
import {
  emptyCounters,
  reportDelta,
  addReportCounts,
  emptyReportCounts,
  type AccessOutcome,
  type AccessSource,
  type ReportCounts,
} from '../counting/count-delta.ts';
import { GroupCommit } from '../util/group-commit.ts';
import { vietnamDay } from '../util/vietnam-time.ts';
import type { Db, SqlValue } from './db.ts';
import { writeAheadNow } from './eligibility-repo.ts';

export type EventSource = AccessSource;
export type Outcome = AccessOutcome;

export interface NewEvent {
  readonly at: Date;
  readonly deviceId: string;
  readonly deskId: string;
  readonly facilityId: string;
  readonly stationId: string;
  readonly source: EventSource;
  readonly outcome: Outcome;
  readonly errorCode: string | null;
  /** read | format | validation | … (see errorClassOf): what the report's error column breaks down into. */
  readonly errorClass: string | null;
  readonly payloadKind: string | null;
  readonly idHash: string | null;
  /** Personal details (shown at the desk); null for rejected reads. */
  readonly identityJson: string | null;
  /** Raw bytes of a rejected read, for the technician. */
  readonly rawHex: string | null;
  /** Who looked the patient up, for the audit log: the token's id for a search, else the device. */
  readonly actor?: string;
  /** Read by a simulated scanner: shown on the device, never in the report, inventory or hub push. */
  readonly simulated?: boolean;
  /** Keyed hash of the normalised name (name + date-of-birth search uses its index). */
  readonly nameHash?: string | null;
  /** The eligibility lookup this event needs (JSON of the gateway request): written ahead in the
   *  same transaction, so a crash while the call is out cannot lose it. */
  readonly lookupJson?: string | null;
  /** A chip read: how far its data was verified (none / integrity / issuer / failed). */
  readonly chipVerification?: string | null;
}

export interface StoredEvent {
  readonly desk: string;
  readonly outcome: Outcome;
  readonly idHash: string | null;
  readonly identity: IdentityView | null;
  readonly eligibility: EligibilityMessage | null;
}

export type { Counters };

export { emptyCounters };

/** Calendar day in Vietnam: the day a receptionist would write on the report. */
export { vietnamDay } from '../util/vietnam-time.ts';

const GROUP_MAX = 256;

const EVENT_COLUMNS =
  'at, day, device_id, desk_id, facility_id, station_id, source, outcome, error_code, error_class, payload_kind, id_hash, identity_json, raw_hex, actor, simulated, name_hash, counted, counted_group, reader, chip_verification';
const EVENT_ROW = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
const countedOf = (e: NewEvent): Counted => countedAtRead({ outcome: e.outcome, errorClass: e.errorClass, lookup: Boolean(e.lookupJson) });
const eventRow = (e: NewEvent, day: string, counted: Counted): SqlValue[] => [
  e.at.toISOString(),
  day,
  e.deviceId,
  e.deskId,
  e.facilityId,
  e.stationId,
  // A chip read is a device reading the card: stored as a scan (v1's CHECK on source), its reader apart.
  e.source === 'chip' ? 'scan' : e.source,
  e.outcome,
  e.errorCode,
  e.errorClass,
  e.payloadKind,
  e.idHash,
  e.identityJson,
  e.rawHex,
  e.actor ?? e.deviceId,
  e.simulated ? 1 : 0,
  e.nameHash ?? null,
  counted.outcome,
  counted.group,
  e.source === 'chip' ? 'chip' : null,
  e.chipVerification ?? null,
];
const COUNTED_COLUMNS = ['scans', 'searches', 'successes', 'errors', ...BREAKDOWN_KEYS.map((k) => BREAKDOWN_COLUMNS[k])];
const COUNTER_INSERT = `INSERT INTO daily_counters (day, facility_id, station_id, device_id, desk_id, ${COUNTED_COLUMNS.join(', ')}, simulated)`;
const COUNTER_ROW = `(?, ?, ?, ?, ?, ${COUNTED_COLUMNS.map(() => '?').join(', ')}, ?)`;
const COUNTER_CONFLICT = `ON CONFLICT (day, facility_id, station_id, device_id, desk_id) DO UPDATE SET
  ${COUNTED_COLUMNS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`;
const countedValues = (c: ReportCounts): number[] => [c.scans, c.searches, c.successes, c.errors, ...BREAKDOWN_KEYS.map((k) => c[k])];

export class EventsRepo {
  /** `rules`: which answer codes count as a success in the report (config `reports.outcomes`). */
  constructor(
    private readonly db: Db,
    private readonly rules: OutcomeRules = DEFAULT_OUTCOME_RULES,
  ) {}

  /** Events arriving while a commit is under way are committed together in the next transaction
   *  (group commit): each caller still resolves only after its event is committed, and many scanners
   *  at once cost one commit instead of one each. */
  readonly #groups = new GroupCommit<NewEvent, number>({ maxGroup: GROUP_MAX, commit: (events) => this.db.transaction(() => this.#insertGroup(events)) });

  /** Stores one event with its counter. */
  record(e: NewEvent): Promise<number> {
    return this.#groups.submit(e);
  }

  /** Many events in one transaction (imports, tests and benchmarks); same rows as one by one. Returns their ids. */
  async recordMany(events: readonly NewEvent[]): Promise<number[]> {
    return this.db.transaction(async () => {
      const ids: number[] = [];
      for (let i = 0; i < events.length; i += GROUP_MAX) ids.push(...(await this.#insertGroup(events.slice(i, i + GROUP_MAX))));
      return ids;
    });
  }

  // A group is two statements whatever its size (all events in one INSERT, their counter increments
  // summed per key in one upsert): every statement is a round trip through the threadpool and back
  // through a busy event loop, and a group grows exactly when the loop is busy.
  async #insertGroup(events: readonly NewEvent[]): Promise<number[]> {
    const days = events.map((e) => vietnamDay(e.at));
    const counted = events.map(countedOf);
    const { lastID } = await this.db.runNow(
      `INSERT INTO scan_events (${EVENT_COLUMNS}) VALUES ${events.map(() => EVENT_ROW).join(', ')}`,
      events.flatMap((e, i) => eventRow(e, days[i]!, counted[i]!)),
    );
    const sums = new Map<string, { day: string; e: NewEvent; c: ReportCounts }>();
    for (const [i, e] of events.entries()) {
      const day = days[i]!;
      const key = JSON.stringify([day, e.facilityId, e.stationId, e.deviceId, e.deskId]);
      const sum = sums.get(key) ?? { day, e, c: emptyReportCounts() };
      addReportCounts(sum.c, reportDelta(e.source, counted[i]!));
      sums.set(key, sum);
    }
    const rows = [...sums.values()].map(({ day, e, c }) => [day, e.facilityId, e.stationId, e.deviceId, e.deskId, ...countedValues(c), e.simulated ? 1 : 0]);
    await this.db.runNow(`${COUNTER_INSERT} VALUES ${rows.map(() => COUNTER_ROW).join(', ')} ${COUNTER_CONFLICT}`, rows.flat());
    // One INSERT gives its rows consecutive rowids (INTEGER PRIMARY KEY: max + 1 each), ending at lastID.
    const ids = events.map((_, i) => lastID - events.length + 1 + i);
    await this.#writeAheadLookups(events, ids);
    return ids;
  }

  // The lookups are written ahead with their events (eligibility-repo.ts writeAheadNow).
  async #writeAheadLookups(events: readonly NewEvent[], ids: readonly number[]): Promise<void> {
    const rows = events.flatMap((e, i) =>
      e.lookupJson ? [[ids[i]!, e.deviceId, e.deskId, e.lookupJson, e.at.getTime(), e.at.toISOString(), 1] as SqlValue[]] : [],
    );
    if (rows.length > 0) await writeAheadNow(this.db, rows);
  }

  /** Inside retention's transaction: the details of events before the cutoff are erased (identity,
   *  raw bytes, answer, name hash); the event, its place, outcome and count stay. */
  async purgeDetailsBeforeNow(cutoffIso: string): Promise<number> {
    const { changes } = await this.db.runNow(
      'UPDATE scan_events SET identity_json = NULL, raw_hex = NULL, eligibility_json = NULL, name_hash = NULL WHERE at < ? AND (identity_json IS NOT NULL OR raw_hex IS NOT NULL OR eligibility_json IS NOT NULL OR name_hash IS NOT NULL)',
      [cutoffIso],
    );
    return changes;
  }

  /** Events stored before v3 had no place: they happened here, at the station of their desk. */
  async placeUnplaced(facilityId: string, stationOf: (desk: string) => string): Promise<void> {
    const desks = await this.db.all<{ desk_id: string }>("SELECT DISTINCT desk_id FROM daily_counters WHERE facility_id = ''");
    if (desks.length === 0) return;
    await this.db.transaction(async () => {
      for (const { desk_id } of desks) {
        const station = stationOf(desk_id);
        await this.db.runNow("UPDATE scan_events SET facility_id = ?, station_id = ? WHERE facility_id = '' AND desk_id = ?", [facilityId, station, desk_id]);
        await this.db.runNow("UPDATE daily_counters SET facility_id = ?, station_id = ? WHERE facility_id = '' AND desk_id = ?", [
          facilityId,
          station,
          desk_id,
        ]);
      }
    });
  }

  /** Stores a lookup's answer. A pending access that the answer decides becomes a success or an
   *  error; the trigger scan_events_counted (migration v8) moves its day's counters in the same
   *  statement and marks the day for the hub. An access decided once is never decided again. */
  async setEligibility(eventId: number, status: string, json: string, at: Date): Promise<void> {
    const decided = countedAnswer(JSON.parse(json) as EligibilityMessage, this.rules);
    await this.db.run(
      `UPDATE scan_events SET eligibility_status = ?, eligibility_json = ?, eligibility_at = ?,
         counted = CASE WHEN counted = 'pending' THEN ? ELSE counted END,
         counted_group = CASE WHEN counted = 'pending' THEN ? ELSE counted_group END
       WHERE id = ?`,
      [status, json, at.toISOString(), decided?.outcome ?? 'pending', decided?.group ?? null, eventId],
    );
  }

  /** The identity of a read stored without it while the patient's consent was awaited (a chip read,
   *  chip.requireConsent): stored when the consent comes. Its count stays as the read made it. */
  async setIdentity(eventId: number, identityJson: string, idHash: string | null, nameHash: string | null): Promise<void> {
    await this.db.run('UPDATE scan_events SET identity_json = ?, id_hash = ?, name_hash = ? WHERE id = ? AND identity_json IS NULL', [
      identityJson,
      idHash,
      nameHash,
      eventId,
    ]);
  }

  /** Each device's counters in the reader's view (count-delta.ts): an error is a read the card could
   *  not be read or validated from; a failed lookup is the gateway's answer, not the reader's fault;
   *  a read the disk could not take in time is neither (lostReads). */
  async totalsByDevice(): Promise<Map<string, DeviceCounters>> {
    const rows = await this.db.all<DeviceCounters & { device_id: string }>(
      `SELECT device_id, SUM(scans) AS scans, SUM(searches) AS searches,
         SUM(scans + searches - err_read - err_validation - err_lost) AS successes, SUM(err_read + err_validation) AS errors,
         SUM(err_lost) AS lostReads
       FROM daily_counters GROUP BY device_id`,
    );
    return new Map(rows.map((r) => [r.device_id, { scans: r.scans, searches: r.searches, successes: r.successes, errors: r.errors, lostReads: r.lostReads }]));
  }

  /** One stored event as the API, registrations and the audit need it (details null once purged). */
  async stored(eventId: number): Promise<StoredEvent | undefined> {
    const row = await this.db.get<{ desk_id: string; outcome: Outcome; id_hash: string | null; identity_json: string | null; eligibility_json: string | null }>(
      'SELECT desk_id, outcome, id_hash, identity_json, eligibility_json FROM scan_events WHERE id = ?',
      [eventId],
    );
    return (
      row && {
        desk: row.desk_id,
        outcome: row.outcome,
        idHash: row.id_hash,
        identity: row.identity_json ? (JSON.parse(row.identity_json) as IdentityView) : null,
        eligibility: row.eligibility_json ? (JSON.parse(row.eligibility_json) as EligibilityMessage) : null,
      }
    );
  }

  /** Lookups given up (the gateway never answered), newest first: for the technician, no patient data. */
  async unanswered(limit: number): Promise<Array<{ eventId: number; at: string; deviceId: string; desk: string; source: string }>> {
    const rows = await this.db.all<{ id: number; at: string; device_id: string; desk_id: string; source: string }>(
      "SELECT id, at, device_id, desk_id, COALESCE(reader, source) AS source FROM scan_events WHERE eligibility_status = 'unanswered' ORDER BY id DESC LIMIT ?",
      [limit],
    );
    return rows.map((r) => ({ eventId: r.id, at: r.at, deviceId: r.device_id, desk: r.desk_id, source: r.source }));
  }

  /** Rows stored before v6 have no name hash: computed once from their identity (batches of 500). */
  async backfillNameHashes(hashName: (name: string) => string): Promise<number> {
    let done = 0;
    for (;;) {
      const rows = await this.db.all<{ id: number; identity_json: string }>(
        'SELECT id, identity_json FROM scan_events WHERE name_hash IS NULL AND identity_json IS NOT NULL ORDER BY id LIMIT 500',
      );
      const named = rows.flatMap((r) => {
        const name = (JSON.parse(r.identity_json) as IdentityView).name;
        return name ? [[hashName(name), r.id] as const] : [];
      });
      await this.db.transaction(async () => {
        for (const r of rows) await this.db.runNow("UPDATE scan_events SET name_hash = '' WHERE id = ?", [r.id]); // no name: marked, not retried
        for (const [h, id] of named) await this.db.runNow('UPDATE scan_events SET name_hash = ? WHERE id = ?', [h, id]);
      });
      done += named.length;
      if (rows.length < 500) return done;
    }
  }

  async countEvents(): Promise<number> {
    return (await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM scan_events'))?.n ?? 0;
  }
}
