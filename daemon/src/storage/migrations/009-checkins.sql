-- v9 (check-in, QĐ 4750): each registration's XML0 check-in, written in the registration's own
-- transaction (nothing registered is missing from the gateway, whatever happens between the two)
-- and sent by a durable queue; the gateway's transaction id and time are kept with it.

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
CREATE INDEX checkins_due ON checkins (state, next_at);
