// The wire contract of the REST API and socket.io, shared (type-only) with the kiosk pages: every
// type that crosses HTTP or socket.io lives in api/ (this file, and report.ts for the district report
// and the inventory). Field names here are a public contract: add, do not rename.

import type { Message } from '../parse/messages.ts';

/** What an access adds to its counters (and what the counters of a device, desk or day hold). */
export interface Counters {
  scans: number;
  searches: number;
  successes: number;
  errors: number;
}

/** A device's counters: its accesses, of which `lostReads` could not be stored in time (a full disk:
 *  scans + searches = successes + errors + lostReads, the reader having read them well). */
export interface DeviceCounters extends Counters {
  lostReads: number;
}

export type DeviceState = 'closed' | 'idle' | 'busy' | 'error';
/** How a scanner reaches the daemon (drivers/src/transport.ts TransportKind; the devices layer checks they agree). */
export type TransportKind = 'serial' | 'hidPos' | 'hidKeyboard' | 'memory' | 'chip';
/** Where a scanner's desk came from: its config entry, a desk rule, a technician on /tech, or the default (unassigned). */
export type DeskSource = 'config' | 'rule' | 'technician' | 'default';
/** What a gateway answer means for reception (eligibility/result-codes.ts maps every code to one). */
export type EligibilityOutcome = 'eligible' | 'eligibleNewCard' | 'ineligible' | 'identityMismatch' | 'inputError' | 'unavailable';
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
  /** The same card read again within the device's repeat window: one access, the repeat dropped
   *  before the pipeline (not counted, shown or looked up). Since the daemon started. */
  repeats: number;
}

export interface DeviceView {
  id: string;
  desk: string;
  deskSource: DeskSource;
  transport: TransportKind;
  simulated: boolean;
  path: string;
  vendorId: string | null;
  productId: string | null;
  manufacturer: string | null;
  product: string | null;
  serialNumber: string | null;
  mode: TransportKind;
  /** UnifiedPOS HoursPoweredCount: hours online since the daemon started. */
  hoursPowered: number;
  state: DeviceState;
  power: PowerState;
  lastReadAt: string | null;
  lastError: string | null;
  /** Cumulative since the database was created. */
  counters: DeviceCounters;
  statistics: DeviceStatistics;
  health: { level: 'ok' | 'warning' | 'error'; code?: string } & Message;
  /** errors / (scans + searches) since the database was created; 0 before the first read. */
  errorRate: number;
  /** A technician's test mode: reads are shown on /tech and not counted as patients. */
  testMode: boolean;
}

export type CharClass = 'digit' | 'latin' | 'vietnamese' | 'space' | 'punct' | 'control' | 'other' | 'invalidUtf8';

export interface FieldShape {
  readonly length: number;
  readonly classes: readonly CharClass[];
}

/** What a technician may see of a rejected read: its shape, never its content. */
export interface ReadStructure {
  readonly bytes: number;
  /** Fields split at '|' (the CCCD separator); one field when there is none. */
  readonly fields: readonly FieldShape[];
  /** Byte sequences that are not valid UTF-8 (a scanner set to a Western code page sends these). */
  readonly invalidUtf8: number;
  /** The parser's rule that failed (its stable error code). */
  readonly rule: string;
}

/** One of a device's last reads (GET /api/devices/:id/reads, socket.io `testRead`). */
export interface RecentRead {
  readonly at: string;
  readonly bytes: number;
  readonly end: string;
  readonly ok: boolean;
  readonly test: boolean;
  readonly kind: string | null;
  readonly code: string | null;
  /** Always null: the bytes of a rejected read are a patient's details (kept for older pages that read the field). */
  readonly hex: null;
  /** A good read's kind and masked ID, or a rejected read's structure in one line. */
  readonly text: string;
  /** A rejected read's structure; null for a good read. */
  readonly structure: ReadStructure | null;
}

/** A read taken in test mode (socket.io `testRead`). */
export interface TestReadMessage {
  deviceId: string;
  at: string;
  read: RecentRead;
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

/** How far a chip's data was checked (chip/passive-auth.ts): `none` no raw data came; `integrity` the
 *  data matches the chip's own signature; `issuer` and that signer chains to a CSCA the facility
 *  installed; `failed` one of those checks failed (`failedCheck`). Never "the chip is genuine". */
export type ChipVerificationLevel = 'none' | 'integrity' | 'issuer' | 'failed';

export interface ChipReadView {
  verification: ChipVerificationLevel;
  failedCheck: string | null;
  /** What the desk shows, claiming no more than the check did. */
  text: Message;
  /** A portrait is held in memory for this read (GET /api/chip/:eventId/portrait), never stored. */
  portrait: boolean;
  /** The portrait is the chip's DG2 under a signature that held (else the reader software's own image). */
  portraitSigned: boolean;
  /** chip.requireConsent: the patient's consent is recorded (one key) before the data is used: while
   *  `needed`, the message carries no identity, nothing of it is stored, the portrait is refused and
   *  nothing is looked up; the consent re-announces the read with its identity. */
  consent: 'notRequired' | 'needed' | 'given';
  /** Fields where the reader service's text disagreed with the chip's signed data (the chip's is used). */
  differs: string[];
  expiryDate: string | null;
}

/** A QR read of someone whose chip was read earlier in the visit, compared field by field. */
export interface ChipComparison {
  chipEventId: number;
  matches: boolean;
  differs: string[];
}

export interface ScanMessage {
  eventId: number;
  deviceId: string;
  desk: string;
  source: 'scan' | 'search' | 'camera' | 'chip';
  /** A chip reader's read: its verification and portrait; absent on other reads. */
  chip?: ChipReadView;
  /** A QR or typed read of someone whose chip was read at this desk earlier in the visit. */
  chipComparison?: ChipComparison;
  at: string;
  ok: boolean;
  identity: IdentityView | null;
  warnings: Array<{ code: string } & Message>;
  error: ({ code: string } & Message) | null;
  /** The eligibility check that follows (pending) or why none will follow. */
  eligibility: 'pending' | 'none';
}

/** The card fields of a gateway answer the desk, the registration and FHIR use (docs/research/eligibility-gateway.md §3.3). */
export interface EligibilityCard {
  maThe: string | null;
  gtTheTu: string | null;
  gtTheDen: string | null;
  maDKBD: string | null;
  /** 10-digit social insurance number. */
  maSoBHXH: string | null;
  /** Date 5 consecutive years of coverage were reached (dd/MM/yyyy): lowers the co-payment. */
  ngayDu5Nam: string | null;
  /** Living-area code (K1/K2/K3), often empty. */
  maKV: string | null;
  /** The new card (codes 003/004): its code, validity and primary facility. */
  maTheMoi: string | null;
  gtTheTuMoi: string | null;
  gtTheDenMoi: string | null;
  maDKBDMoi: string | null;
  tenDKBDMoi: string | null;
}

export interface EligibilityMessage {
  eventId: number;
  deviceId: string;
  desk: string;
  outcome: EligibilityOutcome;
  code: string;
  vi: string;
  en: string;
  action: Message;
  checkedAt: string;
  simulated: boolean;
  /** verified: answered now; unverified: gateway unavailable, queued for re-check (chưa xác minh);
   *  deferred: answered later by the verify-later worker; unanswered: the gateway never answered
   *  within the give-up time (eligibility.giveUpAfterMs), listed for the technician. */
  verification: 'verified' | 'unverified' | 'deferred' | 'unanswered';
  /** true: the same card, name and date of birth were looked up less than eligibility.cacheWindowMs
   *  ago; this is that answer (checkedAt is when the gateway gave it), no call was made. */
  fromCache: boolean;
  /** With `unverified`: the card's last good answer and when it was given, if there is one. */
  cached: { outcome: EligibilityOutcome; code: string; vi: string; en: string; checkedAt: string; card: EligibilityCard | null } | null;
  nextRetryAt: string | null;
  mismatch: { field: string; sent: string; gateway: string } | null;
  card: EligibilityCard | null;
}

/** One earlier visit from the gateway's history (Lskcb2025); times are Vietnam local "yyyy-MM-dd HH:mm". */
export interface Visit {
  readonly maCSKCB: string;
  readonly ngayVao: string | null;
  readonly ngayRa: string | null;
  readonly tenBenh: string;
  readonly tinhTrang: string | null;
  readonly kqDieuTri: string | null;
  readonly lyDoVV: string | null;
}

/** socket.io `history` (to the desk): a history arrived for an event; the visits themselves are
 *  fetched (and audited) with GET /api/eligibility/:eventId/history. */
/** A registration's check-in changed (socket.io `checkin`, to its desk): no patient data. */
export interface CheckInNotice {
  readonly registrationId: number;
  readonly desk: string;
  readonly ticket: string;
  readonly checkIn: CheckInView;
}

export interface HistoryNotice {
  readonly eventId: number;
  readonly deviceId: string;
  readonly desk: string;
  readonly count: number;
}

/** GET /api/eligibility/:eventId/history */
export interface VisitHistory {
  readonly eventId: number;
  readonly fetchedAt: string;
  readonly code: string;
  readonly visits: readonly Visit[];
}

/** The XML0 check-in in GET /api/health (`checkin`): no patient data. */
export interface CheckinHealth {
  readonly enabled: boolean;
  readonly resource: string | null;
  readonly signer: 'file' | 'pkcs11' | 'external' | null;
  readonly certificate: { readonly subject: string; readonly validTo: string; readonly daysLeft: number } | null;
  /** Set when the certificate expires within 30 days (or has expired). */
  readonly warning: Message | null;
  readonly queued: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly skipped: number;
}

/** The lookup account and the gateway calls, in GET /api/health (`eligibility`). */
export interface EligibilityHealth {
  /** ok; restricted: BHXH put the account on its restricted list; credentials: token/take refuses
   *  the configured account. In both, no call reaches the gateway until resumed. */
  state: 'ok' | 'restricted' | 'credentials';
  since: string | null;
  vi: string;
  en: string;
  action: Message | null;
  /** Lookups queued or in flight. */
  pending: number;
  /** Lookups given up since start (verification `unanswered`). */
  unanswered: number;
  /** Calls to the gateway since start (card checks, visit histories and check-ins alike: every call
   *  the self-limit counts against BHXH's caps), and answers served from the re-lookup window. */
  calls: number;
  cacheHits: number;
  /** The current gateway token's expiry (kept warm before it lapses), null without one. */
  tokenExpiresAt: string | null;
}

/** What the receptionist typed, as the parser read it (parse/search-input.ts `SearchQuery['kind']`). */
export type SearchKind = 'cccd' | 'cmnd' | 'bhxh' | 'bhyt' | 'nameDob';

/** POST /api/search. */
export type SearchOutcome =
  | { readonly status: 'done'; readonly message: ScanMessage }
  /** Not stored yet: the form needs these fields too. */
  | { readonly status: 'needsDetails'; readonly kind: SearchKind; readonly missing: ReadonlyArray<'name' | 'dob' | 'sex'>; readonly message: Message }
  /** Not stored: several people match; the receptionist must type an ID. */
  | { readonly status: 'ambiguous'; readonly candidates: ReadonlyArray<{ readonly idMasked: string; readonly address: string }>; readonly message: Message };

/** A visit's priority in its queue (Luật KBCB 2023, Điều 3 khoản 2; vocabulary/priority.ts): the class
 *  its reasons make, the reason codes (age75, under6 from the date of birth; emergency, pregnant,
 *  disability, meritorious and the facility's own from the desk), and whether the date of birth had
 *  no day, so that the age was read as favourably as the law allows. */
export interface PriorityView {
  readonly class: 'emergency' | 'priority' | 'normal';
  readonly reasons: readonly string[];
  readonly partialDob: boolean;
  /** Reasons the patient asked for at the self-service kiosk, not counted until a desk confirms them. */
  readonly requested: readonly string[];
}

/** A visit with its queue ticket (POST /api/registrations, GET /api/registrations/:id). */
export interface Registration {
  readonly id: number;
  readonly at: string;
  readonly day: string;
  readonly eventId: number;
  readonly patientId: number | null;
  readonly desk: string;
  readonly department: { readonly id: string; readonly name: string };
  readonly queueNumber: number;
  readonly ticket: string;
  readonly eligibility: { readonly outcome: string | null; readonly code: string | null };
  /** The visit's check-in to the BHXH gateway (XML0, QĐ 4750); null when check-in is off. */
  readonly checkIn: CheckInView | null;
  readonly priority: PriorityView;
}

/** queued: waiting to be sent (or for the card check's answer); accepted: the gateway took it
 *  (maGiaoDich, thoiGianTiepNhan); rejected: refused, `message` is the gateway's; skipped: not sent
 *  (an emergency, or a patient without insurance). */
export interface CheckInView {
  readonly maLk: string;
  readonly state: 'queued' | 'accepted' | 'rejected' | 'skipped';
  readonly code: string | null;
  readonly message: string | null;
  readonly maGiaoDich: string | null;
  readonly thoiGianTiepNhan: string | null;
  readonly sentAt: string | null;
}

export interface StorageStatus {
  readonly ok: boolean;
  readonly code: string | null;
  readonly vi: string;
  readonly en: string;
  readonly since: string | null;
  /** Reads given up after storage.retryForMs (the desk was told to scan again), kept in the database
   *  until a technician acknowledges them on /tech: while not 0, the daemon's status is not ok. */
  readonly lost: number;
  /** The SQLite driver the site database runs on: `sqlite3` (compiled addon) or `node:sqlite` (built into Node). */
  readonly driver?: 'sqlite3' | 'node:sqlite';
}

/** How the LAN reaches the daemon (GET /api/health `http`, technicians and admins; /tech warns when not ok). */
export interface HttpTransport {
  /** false: plain HTTP beyond this PC (http.plainLan, chosen on purpose). */
  readonly ok: boolean;
  readonly tls: boolean;
  readonly plainLan: boolean;
  /** Every URL the daemon answers on. */
  readonly urls: string[];
  readonly vi: string;
  readonly en: string;
}

/** Free space in the data folder, watched so that a filling disk is seen before a write fails. */
export interface DiskSpaceStatus {
  /** false: less free than `warnBelowMb` (or the folder could not be measured: then true, figures null). */
  readonly ok: boolean;
  readonly folder: string;
  readonly freeMb: number | null;
  readonly totalMb: number | null;
  /** storage.warnFreeMb, or 2 % of a disk too small for it. */
  readonly warnBelowMb: number | null;
  readonly vi: string;
  readonly en: string;
}

export interface DataDirStatus {
  readonly ok: boolean;
  readonly code?: 'DATA_PERMISSIONS';
  readonly vi?: string;
  readonly en?: string;
  /** Files readable by other users (names only, relative to the data folder). */
  readonly loose?: readonly string[];
}

/** GET /api/health and socket.io `health`. */
export interface HealthReport {
  status: 'ok' | 'degraded';
  simulated: { scanners: string[]; gateway: boolean };
  gateway: { url: string };
  hid: { available: boolean; vi: string; en: string; detail?: string };
  serialDiscovery: { available: boolean; vi: string; en: string; detail?: string };
  /** The district hub this site pushes to; null when none is configured. */
  hub: { url: string; ok: boolean | null; lastAttempt: string | null; error: string | null } | null;
  /** HTTPS, loopback only, or plain HTTP on the LAN on purpose, and every URL served. */
  http: HttpTransport;
  storage: StorageStatus;
  /** The data folder's free space (storage.warnFreeMb). */
  disk: DiskSpaceStatus;
  /** Permissions of the data folder and its private files (0700 / 0600). */
  files: DataDirStatus;
  /** Refused or malformed requests since start, by stable error code. */
  rejectedRequests: Record<string, number>;
  eligibility: EligibilityHealth;
  /** A closed reporting period this site has not submitted (only without a hub: the hub reminds). */
  reportDue: ReportDue | null;
  checkin: CheckinHealth;
}

/** GET /api/health for anyone who is not a technician or an admin (no credential, a desk's token):
 *  whether tiepnhan works, in a sentence, and what the reception page and the kiosk show from health
 *  (the storage alarm, the simulation banner). No URL, no lookup account, no hub error, no file or
 *  folder name: those are in the full answer (`HealthDetails`). */
export interface HealthSummary {
  readonly status: HealthReport['status'];
  readonly vi: string;
  readonly en: string;
  readonly storage: Pick<StorageStatus, 'ok' | 'code' | 'vi' | 'en' | 'since'>;
  readonly disk: Pick<DiskSpaceStatus, 'ok' | 'vi' | 'en'>;
  readonly simulated: HealthReport['simulated'];
}

/** GET /api/health for a technician or an admin (or the local admin of a PC without tokens): the
 *  whole report, the summary's sentence, and the reads waiting for their card check. */
export type HealthDetails = HealthReport & { readonly vi: string; readonly en: string; readonly pendingVerifications: number };

/** A closed reporting period not submitted yet (GET /api/health `reportDue`, the report page). */
export interface ReportDue {
  readonly from: string;
  readonly to: string;
  /** The day it is due (config submitByDay, in the month the next period starts). */
  readonly submitBy: string;
  /** Past that day and still not submitted. */
  readonly overdue: boolean;
}

/** socket.io, daemon to page: every event the daemon sends, with its message (a page sends none). */
/** A ticket's place in its department's queue: waiting (registered, not called), called (shown and
 *  announced on the display), inService (the patient came), done, or skipped (did not come). */
export type QueueState = 'waiting' | 'called' | 'inService' | 'done' | 'skipped';

/** One ticket of a department's queue of the day (GET /api/queue/:department). No patient data. */
export interface QueueTicket {
  readonly registrationId: number;
  readonly ticket: string;
  readonly queueNumber: number;
  readonly state: QueueState;
  readonly registeredAt: string;
  /** The desk or room that called it last (null: never called). */
  readonly desk: string | null;
  /** The first call: waiting time is calledAt - registeredAt. */
  readonly calledAt: string | null;
  readonly lastCalledAt: string | null;
  /** How many times it was called (a recall adds one). */
  readonly calls: number;
  readonly servedAt: string | null;
  readonly finishedAt: string | null;
  /** Its class and reason codes (the desk's list; the public display shows only the class). */
  readonly priority: PriorityView;
}

export interface QueueList {
  readonly department: { readonly id: string; readonly name: string };
  readonly day: string;
  readonly tickets: readonly QueueTicket[];
}

/** A call as the public display shows it: the number and where to go; the patient's short name only
 *  with queue.showNames (off by default: no patient data on a public screen). */
export interface QueueCall {
  readonly ticket: string;
  readonly desk: string;
  /** What the display writes and says for the desk (queue.deskLabels, else the desk id). */
  readonly place: string;
  readonly at: string;
  readonly calls: number;
  /** Marked "Ưu tiên" (or "Cấp cứu") on the display; never the reason (pregnancy and disability are health data). */
  readonly priority: 'emergency' | 'priority' | 'normal';
  readonly name?: string;
}

/** socket.io `queue`: one department's display, sent to the sockets that watch it after every change. */
export interface QueueBoard {
  readonly department: { readonly id: string; readonly name: string };
  readonly day: string;
  /** The last calls of the day, the latest first (at most queue.recentCalls), whatever became of them
   *  since: a patient who missed a call sees that the number was called. */
  readonly calls: readonly QueueCall[];
  readonly waiting: number;
  /** The call that caused this board (chime and speech on the display); null for other changes. */
  readonly announce: QueueCall | null;
}

/** Waiting time of one priority class of one department on one day: registered to first called, in minutes. */
export interface WaitingTime {
  readonly day: string;
  readonly department: string;
  readonly class: 'emergency' | 'priority' | 'normal';
  readonly called: number;
  readonly medianMinutes: number;
  readonly p90Minutes: number;
}

/** Visits registered with each priority reason, per day and for the whole period: the evidence that a
 *  facility honours the law's priority (a visit with two reasons counts under each). */
export interface PriorityVisits {
  readonly byDay: ReadonlyArray<{ readonly day: string; readonly reason: string; readonly visits: number }>;
  readonly period: ReadonlyArray<{ readonly reason: string; readonly visits: number }>;
}

/** socket.io `waiting`: a read of this desk was received but cannot be stored yet (a full disk, a
 *  locked database); its `scan` follows once it is. No patient data: the desk shows it was read, so
 *  nobody scans again. */
export interface WaitingRead {
  readonly deviceId: string;
  readonly desk: string;
  readonly at: string;
}

export interface ServerToClientEvents {
  queue: (b: QueueBoard) => void;
  waiting: (m: WaitingRead) => void;
  /** A read announced as `waiting` was given up (the disk stayed full, or the daemon stopped): scan it again. */
  notStored: (m: WaitingRead) => void;
  scan: (m: ScanMessage) => void;
  eligibility: (m: EligibilityMessage) => void;
  history: (m: HistoryNotice) => void;
  checkin: (m: CheckInNotice) => void;
  devices: (d: DeviceView[]) => void;
  /** The whole report on a technician's or admin's /tech (or `all`) socket, the summary on every other. */
  health: (h: HealthReport | HealthSummary) => void;
  testRead: (m: TestReadMessage) => void;
}

/** socket.io, page to daemon: nothing (the pages act through HTTP). */
export type ClientToServerEvents = Record<string, never>;

/** Which page a socket is, declared in its handshake (`io({auth: {view, …}})`). A socket hears what
 *  its view needs, bounded by the caller's role (http/socket-views.ts): `reception` and `kiosk` the
 *  patient messages of their `desk`, `tech` test reads (no patient), `queue` the boards of its
 *  departments and nothing else, `all` everything the role allows (scripts, integrations). No view:
 *  devices and health only. */
export type SocketView = 'reception' | 'kiosk' | 'tech' | 'queue' | 'all';

/** socket.io handshake `auth`. */
export interface SocketAuth {
  readonly view?: SocketView;
  /** The desk a `reception` or `kiosk` view shows. */
  readonly desk?: string;
  /** The departments a `queue` view shows (up to 8); alone, without `view`, it means `queue`. */
  readonly queue?: readonly string[];
  /** false: not the desk's latest read on connecting (a `kiosk` never gets it). */
  readonly replay?: boolean;
  /** An API token (pages use their session cookie instead). */
  readonly token?: string;
}

/** The page's end of the socket, typed by the events above (kiosk-ui/common.js `connect`). */
export interface PageSocket {
  on<E extends keyof ServerToClientEvents>(event: E, listener: ServerToClientEvents[E]): this;
  on(event: 'connect' | 'disconnect', listener: () => void): this;
  on(event: 'connect_error', listener: (err: Error) => void): this;
}
