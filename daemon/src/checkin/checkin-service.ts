// Sends each registration's XML0 check-in to the BHXH gateway, from a durable queue: written with the
// registration, rebuilt from it when sent (after the card check answered: XML0 needs the card's code
// and validity), signed, then sent under the card check's caps, account hold and circuit breaker.
// While the gateway is down: one probe per cycle, backoff, nothing lost; a refusal is kept with the
// gateway's message for the receptionist and the technician, and can be sent again after a fix.

import type { CheckInView, EligibilityCard, IdentityView, Registration } from '../api/contract.ts';
import type { RegistrationConfig } from '../vocabulary/registration-config.ts';
import type { FacilityConfig } from '../vocabulary/facility.ts';
import type { CheckinConfig } from './checkin-config.ts';

/** What the check-in needs of the configuration. */
export interface CheckinServiceConfig {
  readonly checkin: CheckinConfig;
  readonly registration: RegistrationConfig;
  readonly facility: FacilityConfig;
}
import type { CheckInAnswer, CheckInRequest } from '../eligibility/gateway-client.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { Logger } from '../log.ts';
import type { CheckinRepo, QueuedCheckin } from './checkin-repo.ts';
import type { StoredEvent } from '../storage/events-repo.ts';
import { backoffMs } from '../util/backoff.ts';
import { repeat, type Repeating } from '../util/repeat.ts';
import type { Feature } from '../vocabulary/feature.ts';
import type { Xml0Signer } from './signer.ts';
import { facilityCodeOf, xml0Document, xml0Row } from './xml0-document.ts';
import { xml0Problems } from './xml0-table.ts';
import type { KeepWrite } from '../storage/storage-health.ts';

export interface CheckinDeps {
  readonly config: CheckinServiceConfig;
  readonly repo: CheckinRepo;
  readonly registration: (id: number) => Promise<Registration | undefined>;
  readonly event: (eventId: number) => Promise<StoredEvent | undefined>;
  readonly signer: Xml0Signer | null;
  readonly send: (req: CheckInRequest) => Promise<CheckInAnswer | 'held' | 'open'>;
  readonly bus: EventBus;
  readonly log: Logger;
  readonly now: () => Date;
  /** The durable write path: a check-in's state waits for a full disk, in order, and is kept. */
  readonly keep: KeepWrite;
}

type Prepared =
  | { readonly kind: 'wait' }
  | { readonly kind: 'skip' | 'invalid'; readonly message: string }
  | { readonly kind: 'send'; readonly xml: string; readonly reg: Registration };

const INSURED = new Set(['eligible', 'eligibleNewCard']);

/** The signed (or, with `unsigned`, the plain) XML0 of a registration: shared with `tiepnhan xml0`. */
export async function registrationXml0(
  x: { config: CheckinServiceConfig; signer: Xml0Signer | null },
  reg: Registration,
  ev: Pick<StoredEvent, 'identity' | 'eligibility'>,
  maLk: string,
  opts: { unsigned?: boolean } = {},
): Promise<{ xml: string; problems: string[] }> {
  const dep = x.config.registration.departments.find((d) => d.id === reg.department.id);
  const row = xml0Row({
    maLk,
    patientId: reg.patientId,
    identity: ev.identity as IdentityView,
    card: (ev.eligibility?.card ?? {}) as EligibilityCard,
    registeredAt: new Date(reg.at),
    facilityCode: facilityCodeOf(x.config),
    department: {
      serviceCode: dep?.serviceCode ?? '',
      serviceName: dep?.serviceName ?? '',
      visitCategory: dep?.visitCategory ?? '1',
      careType: dep?.careType ?? '01',
    },
  });
  const problems = xml0Problems(row);
  const doc = xml0Document(row, { declaration: x.config.checkin.xmlDeclaration });
  if (problems.length > 0 || opts.unsigned || !x.signer) return { xml: doc, problems };
  return { xml: await x.signer.sign(doc), problems };
}

export class CheckinService implements Feature {
  readonly name = 'checkin';
  #worker: Repeating | null = null;
  #draining: Promise<number> | null = null;

  constructor(private readonly d: CheckinDeps) {}

  start(): void {
    this.#worker = repeat(
      () => this.drainOnce(),
      () => this.d.config.checkin.pollMs,
      (err) => this.d.log.error({ err: err.message }, 'check-in worker failed'),
    );
  }

  async stop(): Promise<void> {
    await this.#worker?.stop();
    await this.#draining;
  }

  /** One cycle at a time; returns how many check-ins were settled (accepted, refused or skipped). */
  drainOnce(): Promise<number> {
    const run = (this.#draining ?? Promise.resolve(0)).then(() => this.#drain());
    this.#draining = run.catch(() => 0);
    return run;
  }

  async #drain(): Promise<number> {
    let settled = 0;
    for (const item of await this.d.repo.due(this.d.now().getTime(), 20)) {
      const p = await this.#prepare(item);
      if (p.kind === 'wait') {
        const at = this.d.now().getTime() + this.d.config.checkin.retryBaseMs;
        await this.d.keep('check-in', () => this.d.repo.reschedule(item.registrationId, at, 'waitingForCard', null, false));
        continue;
      }
      if (p.kind !== 'send') {
        await this.#settle(item, { state: p.kind === 'skip' ? 'skipped' : 'rejected', code: p.kind === 'skip' ? 'notInsured' : 'invalid', message: p.message });
        settled++;
        continue;
      }
      const sent = await this.#send(item, p);
      if (!sent) break; // the gateway is down: one probe per cycle, never a storm
      settled++;
    }
    return settled;
  }

  async #prepare(item: QueuedCheckin): Promise<Prepared> {
    const reg = await this.d.registration(item.registrationId);
    const ev = reg && (await this.d.event(reg.eventId));
    if (!reg || !ev?.identity) return { kind: 'invalid', message: 'Không còn dữ liệu lượt đăng ký / the registration’s details are gone' };
    const answer = ev.eligibility;
    if (!answer || answer.verification === 'unverified') return { kind: 'wait' };
    if (!INSURED.has(answer.outcome) && !this.d.config.checkin.sendNonInsured)
      return { kind: 'skip', message: 'Không có thẻ BHYT còn giá trị: không gửi / not insured: not sent' };
    const { xml, problems } = await registrationXml0(this.d, reg, ev, item.maLk, { unsigned: this.d.config.checkin.signing === null });
    if (problems.length > 0) return { kind: 'invalid', message: `XML0 không hợp lệ / invalid XML0: ${problems.join('; ')}` };
    return { kind: 'send', xml, reg };
  }

  /** false when the gateway could not be reached (rescheduled with backoff). */
  async #send(item: QueuedCheckin, p: { xml: string }): Promise<boolean> {
    const c = this.d.config.checkin;
    const answer = await this.d.send({
      resource: c.resource,
      encoding: c.bodyEncoding,
      maTinh: c.provinceCode,
      maCSKCB: facilityCodeOf(this.d.config),
      fileHSBase64: Buffer.from(p.xml, 'utf8').toString('base64'),
    });
    if (answer === 'held' || answer === 'open' || answer.status === 'unavailable') {
      const code = typeof answer === 'string' ? (answer === 'held' ? 'accountHalted' : 'circuitOpen') : answer.code;
      const delay = backoffMs(c.retryBaseMs, c.retryMaxMs, item.attempts);
      const at = this.d.now().getTime() + delay;
      await this.d.keep('check-in', () => this.d.repo.reschedule(item.registrationId, at, code, null, true));
      this.d.log.warn({ registration: item.registrationId, code, retryInMs: delay }, 'check-in not sent: gateway unavailable, queued');
      return false;
    }
    const state = answer.status === 'accepted' ? 'accepted' : 'rejected';
    await this.#settle(item, {
      state,
      code: answer.code,
      message: answer.thongDiep || null,
      maGiaoDich: answer.maGiaoDich,
      thoiGianTiepNhan: answer.thoiGianTiepNhan,
    });
    return true;
  }

  async #settle(item: QueuedCheckin, r: Parameters<CheckinRepo['settle']>[1]): Promise<void> {
    const at = this.d.now();
    await this.d.keep('check-in', () => this.d.repo.settle(item.registrationId, r, at));
    const reg = await this.d.registration(item.registrationId);
    const view = (await this.d.repo.get(item.registrationId)) as CheckInView;
    const log = r.state === 'rejected' ? this.d.log.warn.bind(this.d.log) : this.d.log.info.bind(this.d.log);
    log({ registration: item.registrationId, state: r.state, code: r.code, maGiaoDich: r.maGiaoDich ?? null }, 'check-in settled');
    if (reg) this.d.bus.emit('checkin', { registrationId: reg.id, desk: reg.desk, ticket: reg.ticket, checkIn: view });
  }

  /** A refused check-in, queued again after the cause was fixed. */
  async resend(registrationId: number): Promise<boolean> {
    const ok = await this.d.repo.requeue(registrationId, this.d.now().getTime());
    if (ok) void this.drainOnce();
    return ok;
  }
}
