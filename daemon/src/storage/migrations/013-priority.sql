-- v13 (priority by law): a registration's priority reasons (comma-separated codes: age75, under6 from
-- the date of birth on the visit day; emergency, pregnant, disability, meritorious and the facility's
-- own added at the desk), and whether the date of birth had no day (read as favourably as the law
-- allows). patients/registrations.ts writes them; the queue orders by them.

ALTER TABLE registrations ADD COLUMN priority_reasons TEXT NOT NULL DEFAULT '';
ALTER TABLE registrations ADD COLUMN partial_dob INTEGER NOT NULL DEFAULT 0;
