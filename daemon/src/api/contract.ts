// The wire contract of the REST API and socket.io, shared (type-only) with the kiosk pages.
// Field names here are a public contract: add, do not rename.

import type { Counters } from '../storage/events-repo.ts';
import type { Message } from '../parse/messages.ts';

export type DeviceState = 'closed' | 'idle' | 'busy' | 'error';
export type PowerState = 'online' | 'offline' | 'off' | 'unknown';

export interface DeviceStatistics {
  goodReads: number;
  failedReads: number;
  garbledReads: number;
  truncatedReads: number;
  communicationErrors: number;
  reconnects: number;
  /** Reads dropped because the scanner sent more than limits.readsPerSecondPerDevice (never acknowledged). */
  throttledReads: number;
}

export interface DeviceView {
  id: string;
  desk: string;
  transport: string;
  simulated: boolean;
  path: string;
  vendorId: string | null;
  productId: string | null;
  manufacturer: string | null;
  product: string | null;
  serialNumber: string | null;
  /** serial | hidPos | hidKeyboard | memory */
  mode: string;
  /** UnifiedPOS HoursPoweredCount: hours online since the daemon started. */
  hoursPowered: number;
  state: DeviceState;
  power: PowerState;
  lastReadAt: string | null;
  lastError: string | null;
  /** Cumulative since the database was created. */
  counters: Counters;
  statistics: DeviceStatistics;
  health: { level: 'ok' | 'warning' | 'error'; code?: string } & Message;
  /** errors / (scans + searches) since the database was created; 0 before the first read. */
  errorRate: number;
  /** A technician's test mode: reads are shown on /tech and not counted as patients. */
  testMode: boolean;
}

/** A read taken in test mode (socket.io `testRead`). */
export interface TestReadMessage {
  deviceId: string;
  at: string;
  read: { at: string; bytes: number; end: string; ok: boolean; test: boolean; kind: string | null; code: string | null; hex: string | null; text: string };
}

export interface IdentityView {
  kind: string;
  id: string | null;
  cardCode: string | null;
  oldId: string | null;
  name: string;
  dob: string;
  sex: 'M' | 'F';
  address: string;
  issueDate: string | null;
}

export interface ScanMessage {
  eventId: number;
  deviceId: string;
  desk: string;
  source: 'scan' | 'search' | 'camera';
  at: string;
  ok: boolean;
  identity: IdentityView | null;
  warnings: Array<{ code: string } & Message>;
  error: ({ code: string } & Message) | null;
  /** The eligibility check that follows (pending) or why none will follow. */
  eligibility: 'pending' | 'none';
}

export interface EligibilityMessage {
  eventId: number;
  deviceId: string;
  desk: string;
  outcome: string;
  code: string;
  vi: string;
  en: string;
  action: Message;
  checkedAt: string;
  simulated: boolean;
  /** verified: answered now; unverified: gateway unavailable, queued for re-check (chưa xác minh);
   *  deferred: answered later by the verify-later worker. */
  verification: 'verified' | 'unverified' | 'deferred';
  /** With `unverified`: the card's last good answer and when it was given, if there is one. */
  cached: { outcome: string; code: string; vi: string; en: string; checkedAt: string; card: EligibilityMessage['card'] } | null;
  nextRetryAt: string | null;
  mismatch: { field: string; sent: string; gateway: string } | null;
  card: { maThe: string | null; maTheMoi: string | null; gtTheTu: string | null; gtTheDen: string | null; maDKBD: string | null } | null;
}
