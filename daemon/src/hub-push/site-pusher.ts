// A site's side of the hub: every interval, send the days the hub has not acknowledged yet (always
// including today, whose counters keep growing), a month at a time, with this site's inventory.
// A failed push leaves the cursor where it was; the next one catches up.

import type { HubClientConfig } from './hub-client-config.ts';
import type { Logger } from '../log.ts';
import type { LocalSource } from '../reports/local-source.ts';
import type { CountersRepo, DailyCounterRow } from '../storage/counters-repo.ts';
import { vietnamDay } from '../storage/events-repo.ts';
import type { PushState, PushStateRepo } from './push-state-repo.ts';
import type { GatewayDayRow, GatewayPush, HubPush } from '../api/hub-push.ts';
import type { HubPost } from './hub-post.ts';

const CHUNK_DAYS = 31;
const DAY_MS = 86_400_000;

const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

export interface PushOutcome {
  readonly ok: boolean;
  readonly pushes: number;
  readonly rows: number;
  readonly error?: string;
}

/** `lostReads` (added with migration 14) and `chipReads` (18) are sent only where a day had some: a
 *  hub older than them refuses a field it does not know, and a site updated before its hub keeps
 *  pushing on every other day. The hub counts an absent one beside the other causes as 0
 *  (hub/src/hub-store.ts). */
function withoutZeroLost(row: DailyCounterRow): DailyCounterRow {
  const { lostReads, chipReads, ...rest } = row;
  return { ...rest, ...(lostReads ? { lostReads } : {}), ...(chipReads ? { chipReads } : {}) };
}

export class SitePusher {
  constructor(
    private readonly deps: {
      config: HubClientConfig & { url: string };
      counters: CountersRepo;
      source: LocalSource;
      state: PushStateRepo;
      log: Logger;
      now: () => Date;
      /** How a push is sent (hub-post.ts: trusting `hub.ca` when it is set). */
      post: HubPost;
      /** Phụ lục 2: the gateway account and the exchanges of a range of days; absent: not sent. */
      gateway?: { readonly account: boolean; readonly kind: GatewayPush['kind']; days(from: string, to: string): Promise<GatewayDayRow[]> };
    },
  ) {}

  /** The hub refused the `gateway` field once (older than #29): not sent again until a restart. */
  #hubLacksGateway = false;
  /** The same for the stations' `equipment` (#29 item 3), which an older hub refuses as well. */
  #hubLacksEquipment = false;

  status(): Promise<PushState> {
    return this.deps.state.get();
  }

  async pushOnce(): Promise<PushOutcome> {
    const { counters, state, log, now } = this.deps;
    const today = vietnamDay(now());
    const before = await state.get();
    const acked = before.ackedThrough ?? (await counters.firstDay()) ?? today;
    // Days answered late (their counters moved after the hub had them) go again, as absolute values.
    const cursor = before.dirtyFrom !== null && before.dirtyFrom < acked ? before.dirtyFrom : acked;
    let pushes = 0;
    let rows = 0;
    for (let from = cursor; from <= today; from = addDays(from, CHUNK_DAYS)) {
      const to = addDays(from, CHUNK_DAYS - 1) < today ? addDays(from, CHUNK_DAYS - 1) : today;
      const body: HubPush = {
        siteId: this.deps.config.siteId,
        sentAt: now().toISOString(),
        facility: this.#facilityFor(await this.deps.source.snapshot()),
        counters: (await counters.daily(from, to)).map(withoutZeroLost),
        ...(await this.#gateway(from, to)),
      };
      const error = await this.#postOldHubToo(body);
      if (error) {
        await state.record(now(), { error });
        log.warn({ hub: this.deps.config.url, from, to, err: error }, 'hub push failed; will retry');
        return { ok: false, pushes, rows, error };
      }
      pushes++;
      rows += body.counters.length;
      await state.record(now(), { ackedThrough: to });
    }
    if (before.dirtyFrom !== null) await state.clearDirty(before.dirtySeq);
    log.debug({ pushes, rows }, 'hub push done');
    return { ok: true, pushes, rows };
  }

  async #gateway(from: string, to: string): Promise<Pick<HubPush, 'gateway'>> {
    const g = this.deps.gateway;
    if (!g || this.#hubLacksGateway) return {};
    return { gateway: { account: g.account, kind: g.kind, days: await g.days(from, to) } };
  }

  /** The inventory as this hub takes it: without the stations' equipment for a hub older than it. */
  #facilityFor(facility: HubPush['facility']): HubPush['facility'] {
    if (!this.#hubLacksEquipment) return facility;
    return { ...facility, stations: facility.stations.map(({ equipment: _none, ...station }) => station) };
  }

  /** A hub older than the `gateway` field or the stations' `equipment` (#29) refuses the push (HTTP
   *  400): sent again without them, so an updated site keeps pushing its counters to a hub not updated
   *  yet (Phụ lục 2 and the equipment sheet then show "—" for this site). */
  async #postOldHubToo(body: HubPush): Promise<string | null> {
    const error = await this.#post(body);
    const equipment = body.facility.stations.some((s) => s.equipment);
    if (!error?.startsWith('HTTP 400') || (!body.gateway && !equipment)) return error;
    const { gateway: _none, ...rest } = body;
    const old = { ...rest, facility: { ...body.facility, stations: body.facility.stations.map(({ equipment: _e, ...st }) => st) } };
    const again = await this.#post(old);
    if (again === null) {
      this.#hubLacksGateway ||= Boolean(body.gateway);
      this.#hubLacksEquipment ||= equipment;
      this.deps.log.warn({ hub: this.deps.config.url }, 'the hub does not take gateway exchanges or desk equipment (update the hub); pushing without them');
    }
    return again;
  }

  async #post(body: HubPush): Promise<string | null> {
    try {
      const res = await this.deps.post(new URL('/api/hub/push', this.deps.config.url), JSON.stringify(body), {
        'content-type': 'application/json',
        authorization: `Bearer ${this.deps.config.token}`,
      });
      if (res.status >= 200 && res.status < 300) return null;
      return `HTTP ${res.status}: ${res.text.slice(0, 300)}`;
    } catch (err) {
      const e = err as Error & { code?: string };
      return e.code ?? e.message;
    }
  }
}
