-- v10 (duplicates a person resolves): a record merged into another keeps its row, marked; how each
-- flagged pair was resolved and by whom; each merge with exactly what it moved, so it can be undone.

ALTER TABLE patients ADD COLUMN merged_into INTEGER;
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
);
