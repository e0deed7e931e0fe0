-- v15 (sessions that end, #32): page sessions are kept here instead of living in signed cookies, so
-- that logging out, an administrator (DELETE /api/sessions/:id), an idle limit and a token given a
-- new secret or removed from the configuration end them at once and for good (http/session-store.ts
-- writes this table and holds its live rows in memory). The cookie holds a random secret: only its
-- SHA-256 is kept (secret_hash), so a copy of the database opens no session. id is the short public
-- name an administrator sees. token_fingerprint is a keyed hash of the secret of the token the session
-- was opened with (never the secret itself). expires_at NULL: no absolute end (the local session of a
-- PC without tokens). Times are ISO 8601 UTC. revoked_reason: logout, admin or token.
-- data/revoked-sessions.json, which kept logged-out cookies before, is removed at the first start.

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
