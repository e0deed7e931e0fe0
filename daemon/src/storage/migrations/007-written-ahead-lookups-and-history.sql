-- v7 (gateway round 2): a lookup is written ahead with its event (in_flight = 1 while a call may be
-- out; a start re-sends those); the cache remembers which request an answer was for (the 15-minute
-- re-lookup window answers only the same card, name and date of birth); visit history from
-- Lskcb2025 is kept per event and erased with the other patient details.

ALTER TABLE verify_queue ADD COLUMN in_flight INTEGER NOT NULL DEFAULT 0;
ALTER TABLE eligibility_cache ADD COLUMN request_hash TEXT;
CREATE TABLE visit_history (
  event_id INTEGER PRIMARY KEY,
  fetched_at TEXT NOT NULL,
  code TEXT NOT NULL,
  visits_json TEXT
);
