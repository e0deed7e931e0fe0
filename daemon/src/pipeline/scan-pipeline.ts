// transport read -> parse -> event stored (with its counter) -> announced -> eligibility (async).
// The event is committed before anyone is told, and the eligibility check never delays the kiosk.

import type { ScanRead } from '../../../drivers/src/transport.ts';
import type { IdentityView, ScanMessage } from '../api/contract.ts';
import type { DeviceManager } from '../devices/device-manager.ts';
import type { EligibilityService } from '../eligibility/eligibility-service.ts';
import type { EventBus } from '../events/event-bus.ts';
import { maskIdentity, type Logger } from '../log.ts';
import { errorClassOf, errorOf } from '../parse/messages.ts';
import { parsePayload, type CardIdentity, type ParseResult } from '../parse/index.ts';
import type { Place } from '../reports/place.ts';
import type { EventsRepo } from '../storage/events-repo.ts';
import type { IdHasher } from '../storage/id-hash.ts';

export interface PipelineDeps {
  readonly repo: EventsRepo;
  readonly devices: DeviceManager;
  readonly bus: EventBus;
  readonly hashId: IdHasher;
  readonly eligibility: EligibilityService;
  readonly log: Logger;
  readonly now: () => Date;
  readonly placeOf: (desk: string) => Place;
}

export function identityView(c: CardIdentity): IdentityView {
  if (c.kind === 'bhytCard') {
    return { kind: c.kind, id: null, cardCode: c.cardCode, oldId: null, name: c.name, dob: c.dob, sex: c.sex, address: c.address, issueDate: c.issueDate };
  }
  return { kind: c.kind, id: c.id, cardCode: null, oldId: c.oldId, name: c.name, dob: c.dob, sex: c.sex, address: c.address, issueDate: c.issueDate };
}

export class ScanPipeline {
  constructor(private readonly deps: PipelineDeps) {}

  /** Framing already told us a read is broken (size cap, lost HID report): no need to parse it. */
  #parse(read: ScanRead): ParseResult {
    const rawHex = read.bytes.toString('hex');
    if (read.end === 'overflow') return { ok: false, error: errorOf('tooLong'), rawHex };
    if (read.end === 'lostReport') return { ok: false, error: errorOf('truncated'), rawHex };
    return parsePayload(read.bytes);
  }

  async onRead(device: { id: string; desk: string }, read: ScanRead): Promise<void> {
    const { repo, devices, bus, log } = this.deps;
    const result = this.#parse(read);
    const at = this.deps.now();
    const identity = result.ok ? identityView(result) : null;
    const key = identity?.id ?? identity?.cardCode ?? null;
    const eventId = await repo.record({
      at,
      deviceId: device.id,
      deskId: device.desk,
      ...this.deps.placeOf(device.desk),
      source: 'scan',
      outcome: result.ok ? 'success' : 'error',
      errorCode: result.ok ? null : result.error.code,
      errorClass: result.ok ? null : errorClassOf(result.error.code),
      payloadKind: result.ok ? result.kind : null,
      idHash: key ? this.deps.hashId(key) : null,
      identityJson: identity ? JSON.stringify(identity) : null,
      rawHex: result.ok ? null : result.rawHex,
    });
    devices.count(device.id, 'scan', result.ok ? 'success' : 'error', result.ok ? null : result.error.code);
    const message: ScanMessage = {
      eventId,
      deviceId: device.id,
      desk: device.desk,
      source: 'scan',
      at: at.toISOString(),
      ok: result.ok,
      identity,
      warnings: result.ok ? [...result.warnings] : [],
      error: result.ok ? null : result.error,
      eligibility: identity ? 'pending' : 'none',
    };
    if (result.ok) log.info({ eventId, device: device.id, kind: result.kind, ...maskIdentity(result) }, 'scan stored');
    else log.warn({ eventId, device: device.id, code: result.error.code, bytes: read.bytes.length }, 'scan rejected');
    bus.emit('scan', message);
    if (identity) this.deps.eligibility.checkInBackground({ eventId, deviceId: device.id, desk: device.desk }, identity);
  }
}
