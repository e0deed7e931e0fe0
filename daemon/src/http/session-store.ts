// Page sessions kept in the database (migration 015), so that they end: by logging out, by an
// administrator (DELETE /api/sessions/:id), at start when their token was removed or given a new
// secret, after an idle limit and after an absolute one. The cookie holds a random secret; the table
// keeps only its SHA-256, so a copy of the database opens no session. This module is the table's one
// writer.
//
// Every live session is also held in memory (a site has a few per desk, not thousands), so a request
// costs a hash and a Map lookup, never a query. Nothing else writes the table, so while the daemon
// runs memory is the truth: a session ended here is refused by the next request, and its row follows
// through the durable write path (a full disk makes it wait, in order; storage/storage-health.ts).
// Last seen is kept in memory on every use and written at most once a minute per session.

import { randomBytes } from 'node:crypto';
import { unlink } from 'node:fs/promises';
import type { Role } from '../http-kit/caller.ts';
import type { Logger } from '../log.ts';
import type { Db, SqlValue } from '../storage/db.ts';
import type { Rows } from '../storage/rows.ts';
import type { KeepWrite } from '../storage/storage-health.ts';
import { sessionHash as hashOf } from './sessions.ts';

/** Last seen is written at most this often per session (the idle limit is checked in memory). */
const TOUCH_EVERY_MS = 60_000;
/** A session without an absolute end (the local session of a PC without tokens, which is the
 *  loopback admin anyone on the PC is anyway: its end protects nothing) ends after 30 days unused, so
 *  that the table does not grow with every page load. */
const OPEN_ENDED_IDLE_MS = 30 * 86_400_000;
/** An ended session's row stays this long (GET /api/sessions shows it), then goes. */
const KEEP_ENDED_MS = 86_400_000;
const PURGE_EVERY_MS = 3_600_000;

export type EndReason = 'logout' | 'admin' | 'token';

/** Whom a session acts for, as it was when the session was opened. */
export interface SessionOwner {
  readonly callerId: string;
  readonly role: Role;
  readonly desk: string | null;
  /** A keyed hash of the secret of the token the session was opened with. */
  readonly fingerprint: string;
}

export interface LiveSession extends SessionOwner {
  /** The short public name (GET /api/sessions). */
  readonly id: string;
  /** SHA-256 of the cookie's secret. */
  readonly hash: string;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  /** The absolute end; null: none. */
  readonly expiresAt: number | null;
}

/** A row of GET /api/sessions: no secret, no hash of one. */
export interface SessionListing {
  readonly id: string;
  readonly callerId: string;
  readonly role: string;
  readonly desk: string | null;
  readonly createdAt: string;
  readonly lastSeenAt: string;
  readonly expiresAt: string | null;
  /** When it ends if it stays unused (null: it has ended). */
  readonly idleUntil: string | null;
  readonly active: boolean;
  readonly revoked: boolean;
  readonly revokedAt: string | null;
  readonly revokedReason: string | null;
}

interface Entry extends SessionOwner {
  readonly id: string;
  readonly hash: string;
  readonly createdAt: number;
  lastSeenAt: number;
  /** The last seen time the table has (or is being given). */
  writtenSeenAt: number;
  readonly expiresAt: number | null;
}

export interface SessionStoreDeps {
  /** None: sessions live in memory only (tests of the access rules). */
  readonly db?: Db;
  /** The durable write path (storage/storage-health.ts); none: written at once. */
  readonly keep?: KeepWrite;
  readonly now: () => number;
  /** auth.sessionIdleMinutes, in ms. */
  readonly idleMs: number;
  readonly log?: Logger;
}

const SECRET = /^[A-Za-z0-9_-]{43}$/;
const iso = (ms: number): string => new Date(ms).toISOString();

export class SessionStore {
  readonly #byHash = new Map<string, Entry>();
  readonly #byId = new Map<string, Entry>();
  readonly #pending = new Set<Promise<unknown>>();
  #purgedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly deps: SessionStoreDeps) {}

  /** At start: reads the live sessions, ends those `holds` refuses (their token was removed or has
   *  another secret, role or desk now), and drops rows ended long ago. Returns how many it ended. */
  async load(holds: (owner: SessionOwner) => boolean): Promise<{ ended: number; live: number }> {
    const { db } = this.deps;
    const now = this.deps.now();
    if (!db) return { ended: 0, live: this.#byId.size };
    await this.#keep('old sessions purged', () => this.#purge(db, now));
    const rows = await db.all<Rows['sessions']>('SELECT * FROM sessions WHERE revoked_at IS NULL');
    const stale: string[] = [];
    for (const r of rows) {
      const e = entryOf(r);
      if (!this.#alive(e, now)) continue;
      if (holds(e)) this.#add(e);
      else stale.push(e.id);
    }
    if (stale.length > 0) {
      await this.#keep('sessions of changed tokens ended', () =>
        db.transaction(async () => {
          for (const id of stale) await db.runNow('UPDATE sessions SET revoked_at = ?, revoked_reason = ? WHERE id = ?', [iso(now), 'token', id]);
        }),
      );
    }
    return { ended: stale.length, live: this.#byId.size };
  }

  /** Opens a session: its cookie's secret (the only copy) and the session. `expiresAt` null: no
   *  absolute end. Valid at once; its row follows. */
  open(owner: SessionOwner, expiresAt: number | null): { secret: string; session: LiveSession } {
    const now = this.deps.now();
    const secret = randomBytes(32).toString('base64url');
    const e: Entry = {
      callerId: owner.callerId,
      role: owner.role,
      desk: owner.desk,
      fingerprint: owner.fingerprint,
      id: randomBytes(6).toString('hex'),
      hash: hashOf(secret),
      createdAt: now,
      lastSeenAt: now,
      writtenSeenAt: now,
      expiresAt,
    };
    this.#add(e);
    this.#write(
      'session opened',
      'INSERT INTO sessions (id, secret_hash, caller_id, role, desk, token_fingerprint, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [e.id, e.hash, e.callerId, e.role, e.desk, e.fingerprint, iso(now), iso(now), expiresAt === null ? null : iso(expiresAt)],
    );
    if (now - this.#purgedAt >= PURGE_EVERY_MS) this.#purgeLater(now);
    return { secret, session: viewOf(e) };
  }

  /** The live session of a cookie's secret, if any; its use counts as activity (last seen). */
  check(secret: string): LiveSession | undefined {
    if (!SECRET.test(secret)) return undefined;
    const e = this.#byHash.get(hashOf(secret));
    if (!e) return undefined;
    const now = this.deps.now();
    if (!this.#alive(e, now)) {
      this.#forget(e);
      return undefined;
    }
    e.lastSeenAt = Math.max(e.lastSeenAt, now);
    if (now - e.writtenSeenAt >= TOUCH_EVERY_MS) {
      e.writtenSeenAt = now;
      this.#write('session seen', 'UPDATE sessions SET last_seen_at = ? WHERE id = ?', [iso(now), e.id]);
    }
    return viewOf(e);
  }

  /** Ends a live session for good (refused from now on); undefined when there is no live one by that id. */
  end(id: string, reason: EndReason): LiveSession | undefined {
    const e = this.#byId.get(id);
    if (!e) return undefined;
    this.#forget(e);
    if (!this.#alive(e, this.deps.now())) return undefined;
    this.#write('session ended', 'UPDATE sessions SET revoked_at = ?, revoked_reason = ?, last_seen_at = ? WHERE id = ? AND revoked_at IS NULL', [
      iso(this.deps.now()),
      reason,
      iso(e.lastSeenAt),
      id,
    ]);
    return viewOf(e);
  }

  /** Every session the table holds (live, and ended within the last day), newest first. */
  async list(): Promise<SessionListing[]> {
    const now = this.deps.now();
    const rows = this.deps.db
      ? await this.deps.db.all<Rows['sessions']>('SELECT * FROM sessions ORDER BY created_at DESC, rowid DESC LIMIT 1000')
      : [...this.#byId.values()].map(rowOf);
    return rows.map((r) => {
      const live = this.#byId.get(r.id);
      const active = live !== undefined && this.#alive(live, now);
      const lastSeen = live ? live.lastSeenAt : Date.parse(r.last_seen_at);
      return {
        id: r.id,
        callerId: r.caller_id,
        role: r.role,
        desk: r.desk,
        createdAt: r.created_at,
        lastSeenAt: iso(lastSeen),
        expiresAt: r.expires_at,
        idleUntil: active ? iso(lastSeen + this.#idleMs(live)) : null,
        active,
        revoked: r.revoked_at !== null,
        revokedAt: r.revoked_at,
        revokedReason: r.revoked_reason,
      };
    });
  }

  /** Resolves when every write started so far is done (tests; the daemon's stop closes the database
   *  behind them anyway). */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  #idleMs(e: Entry): number {
    return e.expiresAt === null ? OPEN_ENDED_IDLE_MS : this.deps.idleMs;
  }

  #alive(e: Entry, now: number): boolean {
    return (e.expiresAt === null || now < e.expiresAt) && now - e.lastSeenAt <= this.#idleMs(e);
  }

  #add(e: Entry): void {
    this.#byHash.set(e.hash, e);
    this.#byId.set(e.id, e);
  }

  #forget(e: Entry): void {
    this.#byHash.delete(e.hash);
    this.#byId.delete(e.id);
  }

  /** Rows of sessions that ended more than a day ago go; so do such sessions in memory. */
  #purgeLater(now: number): void {
    this.#purgedAt = now;
    for (const e of this.#byId.values()) if (!this.#alive(e, now)) this.#forget(e);
    const { db } = this.deps;
    if (db) this.#track('old sessions purged', () => this.#purge(db, now));
  }

  async #purge(db: Db, now: number): Promise<void> {
    this.#purgedAt = now;
    const ended = iso(now - KEEP_ENDED_MS);
    await db.run(
      `DELETE FROM sessions WHERE revoked_at < ? OR expires_at < ?
        OR (expires_at IS NOT NULL AND last_seen_at < ?) OR (expires_at IS NULL AND last_seen_at < ?)`,
      [ended, ended, iso(now - KEEP_ENDED_MS - this.deps.idleMs), iso(now - KEEP_ENDED_MS - OPEN_ENDED_IDLE_MS)],
    );
  }

  #write(what: string, sql: string, params: readonly SqlValue[]): void {
    const { db } = this.deps;
    if (db) this.#track(what, () => db.run(sql, params));
  }

  #keep<T>(what: string, fn: () => Promise<T>): Promise<T> {
    return this.deps.keep ? this.deps.keep(what, fn) : fn();
  }

  /** A write the answer does not wait for: it goes through the durable path, and a failure for good
   *  is logged (a session then lasts only until the next start, or an ended one could come back). */
  #track(what: string, fn: () => Promise<unknown>): void {
    const p = this.#keep(what, fn).catch((err: unknown) => this.deps.log?.warn({ err: String(err), what }, 'session row not written'));
    this.#pending.add(p);
    void p.finally(() => this.#pending.delete(p));
  }
}

function entryOf(r: Rows['sessions']): Entry {
  const seen = Date.parse(r.last_seen_at);
  return {
    id: r.id,
    hash: r.secret_hash,
    callerId: r.caller_id,
    role: r.role as Role,
    desk: r.desk,
    fingerprint: r.token_fingerprint,
    createdAt: Date.parse(r.created_at),
    lastSeenAt: seen,
    writtenSeenAt: seen,
    expiresAt: r.expires_at === null ? null : Date.parse(r.expires_at),
  };
}

function rowOf(e: Entry): Rows['sessions'] {
  return {
    id: e.id,
    secret_hash: e.hash,
    caller_id: e.callerId,
    role: e.role,
    desk: e.desk,
    token_fingerprint: e.fingerprint,
    created_at: iso(e.createdAt),
    last_seen_at: iso(e.lastSeenAt),
    expires_at: e.expiresAt === null ? null : iso(e.expiresAt),
    revoked_at: null,
    revoked_reason: null,
  };
}

function viewOf(e: Entry): LiveSession {
  const { writtenSeenAt: _w, ...view } = e;
  return { ...view };
}

/** Before migration 015, logged-out cookies were kept in data/revoked-sessions.json. The cookies it
 *  names are signed ones, which open nothing any more (every session is looked up in the table), so
 *  the file goes at start, with a line in the log. */
export async function removeOldRevocations(file: string, log: Logger): Promise<void> {
  try {
    await unlink(file);
    log.info({ file }, 'old logged-out session list removed: page sessions are kept in the database now (log in again once)');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log.warn({ file, err: String(err) }, 'old logged-out session list not removed');
  }
}
