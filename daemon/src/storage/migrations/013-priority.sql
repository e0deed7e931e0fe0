-- v13 (priority by law): a registration's priority reasons (comma-separated codes: age75, under6 from
-- the date of birth on the visit day; emergency, pregnant, disability, meritorious and the facility's
-- own added at the desk), and whether the date of birth had no day (read as favourably as the law
-- allows), and the reasons a patient asked for at the self-service kiosk, which count only once a
-- desk confirms them. patients/registrations.ts writes them; the queue orders by them.

ALTER TABLE registrations ADD COLUMN priority_reasons TEXT NOT NULL DEFAULT '';
ALTER TABLE registrations ADD COLUMN partial_dob INTEGER NOT NULL DEFAULT 0;
ALTER TABLE registrations ADD COLUMN priority_requested TEXT NOT NULL DEFAULT '';
