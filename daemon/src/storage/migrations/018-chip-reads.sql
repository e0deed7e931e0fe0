-- v18 (the card's chip): a chip reader's read is a device reading the card, so it is stored as a
-- `scan` (the CHECK of v1 on scan_events.source stays) with reader = 'chip', and the level its data
-- was verified to (none / integrity / issuer / failed: chip/passive-auth.ts). Each day counts chip
-- reads beside scans and searches in `chips` (of the day's scans; Phụ lục 03's breakdown "chipReads").
-- Nothing of the chip's portrait is ever stored.

ALTER TABLE scan_events ADD COLUMN reader TEXT;
ALTER TABLE scan_events ADD COLUMN chip_verification TEXT;
ALTER TABLE daily_counters ADD COLUMN chips INTEGER NOT NULL DEFAULT 0;
