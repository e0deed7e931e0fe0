// read (scanner, camera) or search -> identity -> event stored (with its counter) -> announced ->
// eligibility (async). The event is committed before anyone is told, and the eligibility check never
// delays the kiosk. Every entry point ends in #accept, so a search is counted, stored and checked
// exactly like a scan.

import type { Feature } from '../vocabulary/feature.ts';
import type { ScanRead } from '../../../drivers/src/transport.ts';
import type { ChipReadView, IdentityView, ScanMessage } from '../api/contract.ts';
import type { ChipVisits } from '../chip/chip-visits.ts';
import type { DeviceManager } from '../devices/device-manager.ts';
import { requestFor, type EligibilityService } from '../eligibility/eligibility-service.ts';
import type { EventBus } from '../events/event-bus.ts';
import { maskIdentity, type Logger } from '../log.ts';
import { errorClassOf, errorOf, type CodedMessage } from '../parse/messages.ts';
import { maskId, parsePayload, type CardIdentity, type ParseResult } from '../parse/index.ts';
import type { Place } from '../vocabulary/place.ts';
import type { EventSource, EventsRepo } from '../storage/events-repo.ts';
import type { IdHasher } from '../storage/id-hash.ts';
import type { LostReads } from '../storage/lost-reads.ts';
import type { StorageHealth } from '../storage/storage-health.ts';
import { describeStructure, readStructure } from './read-structure.ts';
import type { RecentReads } from './recent-reads.ts';

/** Only what the pipeline uses of each part, so a unit test can hand it fakes. */
export interface PipelineDeps {
  readonly repo: Pick<EventsRepo, 'record'>;
  /** Keyed hash of a normalised name (name + date-of-birth search). */
  readonly hashName: (name: string) => string;
  readonly devices: Pick<DeviceManager, 'isTestMode' | 'count' | 'countLost'>;
  readonly bus: EventBus;
  readonly hashId: IdHasher;
  readonly eligibility: Pick<EligibilityService, 'checkInBackground'>;
  readonly log: Logger;
  readonly now: () => Date;
  readonly placeOf: (desk: string) => Place;
  readonly recent: RecentReads;
  /** The durable write path: the event write waits through a locked database or a full disk, in
   *  order, visible in health; given up after storage.retryForMs. */
  readonly storage: Pick<StorageHealth, 'write' | 'keep' | 'close'>;
  /** Reads given up, until a technician acknowledges them (absent in unit tests that do not need it). */
  readonly lost?: Pick<LostReads, 'givenUp' | 'written' | 'notWritten'>;
  /** How long stop() waits for reads still waiting for the database (storage.shutdownGraceMs). */
  readonly shutdownGraceMs?: number;
  /** Chip reads kept for the visit: a later QR read of the same ID at the desk is compared with the chip's. */
  readonly chipVisits?: Pick<ChipVisits, 'compare'>;
  /** Where scanner reads come from, subscribed at start (the device manager does not know the pipeline). */
  readonly reads?: Pick<DeviceManager, 'onRead'>;
}

export type Accepted =
  | { readonly ok: true; readonly kind: string; readonly identity: IdentityView; readonly warnings: readonly CodedMessage[] }
  | { readonly ok: false; readonly error: CodedMessage; readonly rawHex: string | null };

/** What a chip read adds to accept(): its view for the desk, the visit kept before the desk is told
 *  (so the page can fetch the portrait at once), and `holdLookup` while the patient's consent is
 *  awaited: then nothing of the identity is stored, announced or looked up (the consent route stores
 *  it, looks it up and announces it). */
export interface AcceptExtra {
  readonly chip?: ChipReadView;
  readonly holdLookup?: boolean;
  /** Given the read as it would be announced, identity included. */
  readonly beforeAnnounce?: (message: ScanMessage) => void;
}

export function identityView(c: CardIdentity): IdentityView {
  if (c.kind === 'bhytCard') {
    return { kind: c.kind, id: null, cardCode: c.cardCode, oldId: null, name: c.name, dob: c.dob, sex: c.sex, address: c.address, issueDate: c.issueDate };
  }
  return { kind: c.kind, id: c.id, cardCode: null, oldId: c.oldId, name: c.name, dob: c.dob, sex: c.sex, address: c.address, issueDate: c.issueDate };
}

function fromParse(result: ParseResult): Accepted {
  return result.ok
    ? { ok: true, kind: result.kind, identity: identityView(result), warnings: result.warnings }
    : { ok: false, error: result.error, rawHex: result.rawHex };
}

/** Framing already told us a read is broken (size cap, lost HID report): no need to parse it. */
function parseRead(read: ScanRead): ParseResult {
  const rawHex = read.bytes.toString('hex');
  if (read.end === 'overflow') return { ok: false, error: errorOf('tooLong'), rawHex };
  if (read.end === 'lostReport') return { ok: false, error: errorOf('truncated'), rawHex };
  return parsePayload(read.bytes);
}

export class ScanPipeline implements Feature {
  readonly name = 'scan-pipeline';
  #off: (() => void) | null = null;
  /** Reads being stored: stop() gives them the grace time, then counts what is left in one line. */
  readonly #inflight = new Set<Promise<unknown>>();
  /** Stopped with reads still waiting: their failures were counted in one line, not one each. */
  #givenUp = false;

  constructor(private readonly deps: PipelineDeps) {}

  start(): void {
    this.#off = this.deps.reads?.onRead((device, read) => this.onRead(device, read)) ?? null;
  }

  /** Gives reads still waiting for the database storage.shutdownGraceMs, then closes the write path:
   *  what still waits after that (reads, and the lookups' and index's writes behind them) gives up at
   *  its next failure, and the reads left are one log line. */
  async stop(): Promise<void> {
    this.#off?.();
    const done = this.#inflight.size === 0 || (await this.#graceFor([...this.#inflight]));
    this.#givenUp = !done; // before the close: the reads it fails are not losses to record
    this.deps.storage.close();
    if (done) return;
    const waiting = this.#inflight.size;
    this.deps.log.warn({ waiting }, `stopping: ${waiting} reads still waiting for the database were not stored`);
  }

  async #graceFor(work: Array<Promise<unknown>>): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), this.deps.shutdownGraceMs ?? 10_000)));
    const done = await Promise.race([Promise.allSettled(work).then(() => true), timedOut]);
    clearTimeout(timer);
    return done;
  }

  async onRead(device: { id: string; desk: string; simulated?: boolean }, read: ScanRead): Promise<void> {
    const result = parseRead(read);
    const test = this.deps.devices.isTestMode(device.id);
    this.#remember(device.id, read.bytes, read.end, result, test);
    if (test) {
      // A technician's test read: shown on the technician page, never stored or counted as a patient.
      this.deps.bus.emit('testRead', { deviceId: device.id, at: this.deps.now().toISOString(), read: this.deps.recent.of(device.id)[0]! });
      return;
    }
    await this.accept(device, 'scan', fromParse(result)).catch((err: unknown) => {
      if (!this.#givenUp) throw err;
    });
  }

  /** A QR decoded by the kiosk's webcam (zxing-cpp in the page's worker): its bytes go through the same parser. */
  async onCamera(desk: string, bytes: Buffer, actor?: string): Promise<ScanMessage> {
    const deviceId = `camera@${desk}`;
    const result = parsePayload(bytes);
    this.#remember(deviceId, bytes, 'camera', result, false);
    return this.accept({ id: deviceId, desk }, 'camera', fromParse(result), actor);
  }

  /** A technician's test read on a chip reader (test mode): shown on /tech with its masked ID and
   *  verification, never stored, counted or shown at a desk. */
  chipTestRead(deviceId: string, r: { readonly ok: boolean; readonly code: string | null; readonly text: string }): void {
    const at = this.deps.now().toISOString();
    const entry = { at, bytes: 0, end: 'chip', ok: r.ok, test: true, hex: null, kind: r.ok ? 'chip' : null, code: r.code, text: r.text, structure: null };
    this.deps.recent.add(deviceId, entry);
    this.deps.bus.emit('testRead', { deviceId, at, read: entry });
  }

  /** What the technician sees of a read: a good read's kind and masked ID, a rejected read's structure. */
  #remember(deviceId: string, bytes: Buffer, end: string, r: ParseResult, test: boolean): void {
    const common = { at: this.deps.now().toISOString(), bytes: bytes.length, end, ok: r.ok, test, hex: null };
    if (r.ok) {
      this.deps.recent.add(deviceId, {
        ...common,
        kind: r.kind,
        code: null,
        text: `${r.kind} ${maskId(r.kind === 'bhytCard' ? r.cardCode : r.id)}`,
        structure: null,
      });
      return;
    }
    const structure = readStructure(bytes, r.error.code);
    this.deps.recent.add(deviceId, { ...common, kind: null, code: r.error.code, text: describeStructure(structure), structure });
  }

  /** `actor`: who is answerable for the lookup in the audit log (a token's id); the device when absent. */
  accept(
    device: { id: string; desk: string; simulated?: boolean },
    source: EventSource,
    result: Accepted,
    actor?: string,
    extra?: AcceptExtra,
  ): Promise<ScanMessage> {
    const work = this.#store(device, source, result, actor, extra);
    this.#inflight.add(work);
    const forget = (): void => void this.#inflight.delete(work);
    work.then(forget, forget);
    return work;
  }

  /** The read is gone, its loss is not: written as a `notStored` error of its device (no patient
   *  data) when the disk takes writes again, counted in the device's lostReads and the day's err_lost,
   *  shown in health until a technician acknowledges it. */
  #keepLoss(device: { id: string; desk: string; simulated?: boolean }, source: EventSource, at: Date): void {
    const { repo, storage, devices, lost, log } = this.deps;
    lost?.givenUp();
    const record = (): Promise<number> =>
      repo.record({
        at,
        deviceId: device.id,
        deskId: device.desk,
        ...this.deps.placeOf(device.desk),
        source,
        outcome: 'error',
        errorCode: 'notStored',
        errorClass: 'storage',
        payloadKind: null,
        idHash: null,
        identityJson: null,
        rawHex: null,
        simulated: device.simulated === true,
      });
    storage.keep('lost read', record).then(
      () => {
        devices.countLost(device.id, source);
        lost?.written(at.toISOString());
      },
      () => {
        lost?.notWritten();
        log.warn({ device: device.id }, 'stopping: a lost read could not be recorded');
      },
    );
  }

  async #store(
    device: { id: string; desk: string; simulated?: boolean },
    source: EventSource,
    result: Accepted,
    actor?: string,
    extra?: AcceptExtra,
  ): Promise<ScanMessage> {
    const { repo, devices, bus } = this.deps;
    const at = this.deps.now();
    const identity = result.ok ? result.identity : null;
    // Held for the patient's consent (chip.requireConsent): nothing of the identity is stored,
    // announced or looked up before it; the read itself is stored and counted (by the read alone).
    const kept = extra?.holdLookup ? null : identity;
    const key = kept?.id ?? kept?.cardCode ?? null;
    // If the database refuses the write, the desk learns at once that this read arrived and waits to
    // be stored, so nobody scans the card again (its `scan` follows when it is stored).
    const waiting = (): void => bus.emit('waiting', { deviceId: device.id, desk: device.desk, at: at.toISOString() });
    const eventId = await this.deps.storage
      .write(
        'event',
        () =>
          repo.record({
            at,
            deviceId: device.id,
            deskId: device.desk,
            ...this.deps.placeOf(device.desk),
            source,
            outcome: result.ok ? 'success' : 'error',
            errorCode: result.ok ? null : result.error.code,
            errorClass: result.ok ? null : errorClassOf(result.error.code),
            payloadKind: result.ok ? result.kind : null,
            idHash: key ? this.deps.hashId(key) : null,
            identityJson: kept ? JSON.stringify(kept) : null,
            rawHex: result.ok ? null : result.rawHex,
            nameHash: kept?.name ? this.deps.hashName(kept.name) : null,
            // Written ahead with the event: a crash while the gateway call is out cannot lose the lookup.
            lookupJson: kept ? JSON.stringify(requestFor(kept)) : null,
            simulated: device.simulated === true,
            chipVerification: extra?.chip?.verification ?? null,
            ...(actor ? { actor } : {}),
          }),
        { onWait: waiting, givesUp: true },
      )
      .catch((err: unknown) => {
        // Given up (the disk stayed full past storage.retryForMs, or the daemon is stopping): the desk
        // that was told this read waits is now told it was not stored, so the card is scanned again.
        bus.emit('notStored', { deviceId: device.id, desk: device.desk, at: at.toISOString() });
        if (!this.#givenUp) this.#keepLoss(device, source, at);
        throw err;
      });
    devices.count(device.id, source, result.ok ? 'success' : 'error', result.ok ? null : result.error.code);
    const message: ScanMessage = {
      eventId,
      deviceId: device.id,
      desk: device.desk,
      source,
      at: at.toISOString(),
      ok: result.ok,
      identity,
      warnings: result.ok ? [...result.warnings] : [],
      error: result.ok ? null : result.error,
      eligibility: identity ? 'pending' : 'none',
      ...(extra?.chip ? { chip: extra.chip } : {}),
    };
    const comparison = identity && source !== 'chip' ? this.deps.chipVisits?.compare(device.desk, identity) : undefined;
    if (comparison) message.chipComparison = comparison;
    const announced: ScanMessage = kept === identity ? message : { ...message, identity: null };
    this.#logStored(announced, result);
    extra?.beforeAnnounce?.(message);
    bus.emit('scan', announced);
    if (kept) this.deps.eligibility.checkInBackground({ eventId, deviceId: device.id, desk: device.desk }, kept);
    return announced;
  }

  /** One line per read, with the identity masked. */
  #logStored(m: ScanMessage, result: Accepted): void {
    const { eventId, deviceId: device, source, identity } = m;
    if (!result.ok) return void this.deps.log.warn({ eventId, device, source, code: result.error.code }, `${source} rejected`);
    // A read whose identity waits for the patient's consent is logged without it.
    if (!identity) return void this.deps.log.info({ eventId, device, source, kind: result.kind }, `${source} stored; its identity waits for consent`);
    // A chip read logs its masked ID only: not even a chip's masked name or address (issue #33).
    const words = source === 'chip' ? {} : { name: identity.name, address: identity.address };
    const masked = maskIdentity({ id: identity.id ?? undefined, cardCode: identity.cardCode ?? undefined, ...words });
    this.deps.log.info({ eventId, device, source, kind: result.ok ? result.kind : null, ...masked }, `${source} stored`);
  }
}
