// Submitted copies of the district report: a report is a document sent by a date, so what was sent is
// kept unchanged (its figures as JSON and the exact XLSX bytes, with their SHA-256) and a later
// recomputation of the same period is compared with it, never written over it. The same SQL on a
// site's SQLite file and on the hub's SQLite or PostgreSQL database.

import { createHash, randomUUID } from 'node:crypto';
import type { ReportDue } from '../api/report.ts';
import type { SqlClient } from '../storage/sql-client.ts';
import { SEED_COUNT_KEYS, type NumericColumn, type PhuLuc03, type ReportRow } from './phu-luc-03.ts';
import { addMonths, namedPeriod, periodMonthOf } from './period.ts';
import type { ReportPeriodConfig } from './period-config.ts';
import type { Rows } from '../storage/rows.ts';

const SCHEMA = `CREATE TABLE IF NOT EXISTS report_submissions (
  id TEXT PRIMARY KEY, period_from TEXT NOT NULL, period_to TEXT NOT NULL, submitted_at TEXT NOT NULL,
  submitted_by TEXT NOT NULL, report_json TEXT NOT NULL, xlsx_base64 TEXT NOT NULL, checksum TEXT NOT NULL)`;

export interface Submission {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly submittedAt: string;
  readonly submittedBy: string;
  /** SHA-256 (hex) of the XLSX exactly as it was exported and kept. */
  readonly checksum: string;
  readonly totals: Pick<ReportRow, 'accesses' | 'scans' | 'searches' | 'successes' | 'errors'>;
}

/** One cell where the recomputed report differs from the submitted copy. */
export interface Difference {
  readonly row: string;
  readonly facilityId: string | null;
  readonly column: NumericColumn;
  readonly submitted: number;
  readonly now: number;
}

type Row = Omit<Rows['report_submissions'], 'xlsx_base64'>;

const COMPARED: readonly NumericColumn[] = SEED_COUNT_KEYS;

function summary(r: Row): Submission {
  const total = (JSON.parse(r.report_json) as PhuLuc03).rows[0]!;
  const { accesses, scans, searches, successes, errors } = total;
  return {
    id: r.id,
    from: r.period_from,
    to: r.period_to,
    submittedAt: r.submitted_at,
    submittedBy: r.submitted_by,
    checksum: r.checksum,
    totals: { accesses, scans, searches, successes, errors },
  };
}

export class SubmissionStore {
  /** Over a database that has the table (a site: migration v8); `open` creates it (the hub). */
  constructor(private readonly sql: Pick<SqlClient, 'query'>) {}

  static async open(sql: SqlClient): Promise<SubmissionStore> {
    await sql.query(SCHEMA);
    return new SubmissionStore(sql);
  }

  async submit(report: PhuLuc03, xlsx: Buffer, by: string, at: Date): Promise<Submission> {
    const id = randomUUID();
    const checksum = createHash('sha256').update(xlsx).digest('hex');
    await this.sql.query(
      'INSERT INTO report_submissions (id, period_from, period_to, submitted_at, submitted_by, report_json, xlsx_base64, checksum) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [id, report.period.from, report.period.to, at.toISOString(), by, JSON.stringify(report), xlsx.toString('base64'), checksum],
    );
    return (await this.get(id))!;
  }

  /** Newest first. */
  async list(): Promise<Submission[]> {
    const rows = await this.sql.query<Row>('SELECT * FROM report_submissions ORDER BY submitted_at DESC, id');
    return rows.map(summary);
  }

  async get(id: string): Promise<Submission | null> {
    const r = (await this.sql.query<Row>('SELECT * FROM report_submissions WHERE id = ?', [id]))[0];
    return r ? summary(r) : null;
  }

  /** The kept copy: the report's JSON and the XLSX bytes as submitted. */
  async copy(id: string): Promise<{ report: PhuLuc03; xlsx: Buffer } | null> {
    const r = (await this.sql.query<Row & { xlsx_base64: string }>('SELECT * FROM report_submissions WHERE id = ?', [id]))[0];
    return r ? { report: JSON.parse(r.report_json) as PhuLuc03, xlsx: Buffer.from(r.xlsx_base64, 'base64') } : null;
  }

  /** The newest submission of exactly this period, if any. */
  async latestFor(from: string, to: string): Promise<Submission | null> {
    const r = (
      await this.sql.query<Row>('SELECT * FROM report_submissions WHERE period_from = ? AND period_to = ? ORDER BY submitted_at DESC LIMIT 1', [from, to])
    )[0];
    return r ? summary(r) : null;
  }
}

/** Cells of the seed's columns whose value changed between the submitted copy and now. */
export function differences(submitted: PhuLuc03, now: PhuLuc03): Difference[] {
  // Units by their id (a unit added above shifts every STT), subtotals by their place.
  const key = (r: ReportRow): string => (r.facilityId ? `${r.level}|${r.facilityId}` : `${r.level}|${r.stt}`);
  const before = new Map(submitted.rows.map((r) => [key(r), r]));
  const out: Difference[] = [];
  for (const r of now.rows) {
    const b = before.get(key(r));
    for (const column of COMPARED) {
      const was = Number(b?.[column] ?? 0);
      const is = Number(r[column] ?? 0);
      if (was !== is) out.push({ row: r.label, facilityId: r.facilityId, column, submitted: was, now: is });
    }
  }
  return out;
}

export type Reminder = ReportDue;

/** The last closed period while nothing was submitted for it; null once it was, and for a period
 *  before the first counted day (`firstDay`: a new install has nothing to report yet). */
export async function submissionReminder(
  store: Pick<SubmissionStore, 'latestFor'>,
  today: string,
  cfg: Pick<ReportPeriodConfig, 'periodStartDay' | 'submitByDay'>,
  firstDay: () => Promise<string | null>,
): Promise<Reminder | null> {
  const current = periodMonthOf(today, cfg.periodStartDay);
  const last = namedPeriod(addMonths(current, -1), cfg.periodStartDay);
  const day = String(cfg.submitByDay).padStart(2, '0');
  let submitBy = `${current}-${day}`;
  if (submitBy <= last.to) submitBy = `${addMonths(current, 1)}-${day}`;
  const first = await firstDay();
  if (first === null || first > last.to) return null;
  if (await store.latestFor(last.from, last.to)) return null;
  return { ...last, submitBy, overdue: today > submitBy };
}
