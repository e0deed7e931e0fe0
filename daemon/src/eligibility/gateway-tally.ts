// Counts every exchange with the BHXH gateway for Phụ lục 2 ("Tổng liên thông / Thành công / Lỗi",
// docs/reference/report-rules.md): one wrapper around the gateway client, made in the composition
// root, so the card check, the visit history, the check-in and the token keeper's renewals are all
// counted at one seam, below the limiter, the account guard and the breaker (a call they hold back
// never reached the gateway and is not an exchange). A token taken on the way of a check is part of
// that check's exchange.
//
// answered: the gateway gave a result (a maKetQua, any code; a check-in accepted or rejected);
// failed: no usable answer (time-out, network, HTTP 5xx or the restricted-account 500, a refused
// account, a 4xx or a body without a result). Counts stay in memory and are written in one batch
// every `flushEveryMs` and at stop, through the durable write path: a lookup never waits for them.

import type { InternetState } from '../api/report.ts';
import type { Logger } from '../log.ts';
import type { GatewayCall, GatewayDailyRow } from '../storage/gateway-daily-repo.ts';
import type { KeepWrite } from '../storage/storage-health.ts';
import { repeat, type Repeating } from '../util/repeat.ts';
import { vietnamDay } from '../util/vietnam-time.ts';
import type { Feature } from '../vocabulary/feature.ts';
import type { GatewayPort } from './eligibility.ts';
import { GATEWAY_STATE_TEXT } from './result-codes.ts';

/** How far back the last exchange tells the desk's internet link (#29 item 3: "the last hour"). */
export const INTERNET_WINDOW_MS = 3_600_000;

/** How often the counts are written (a report built at the site flushes them first). */
export const GATEWAY_TALLY_FLUSH_MS = 30_000;

export interface GatewayTallyDeps {
  readonly facilityId: string;
  /** The bundled simulator answers: rows are kept apart (simulated = 1) and never reported. */
  readonly simulated: boolean;
  readonly now: () => Date;
  readonly flushEveryMs: number;
  readonly write: (rows: readonly GatewayDailyRow[]) => Promise<void>;
  readonly keep: KeepWrite;
  readonly log: Logger;
}

/** A code the client gives when the gateway gave no result (transport, account, held back). */
const isStateCode = (code: string): boolean => Object.hasOwn(GATEWAY_STATE_TEXT, code);

/** A card check's or history's code: a maKetQua is an answer; a state code or `httpNNN` is not. */
export function answeredCode(code: string): boolean {
  return code !== '' && !isStateCode(code) && !/^http\d+$/.test(code);
}

export class GatewayTally implements Feature {
  readonly name = 'gateway-tally';
  /** day|call → counts not yet written. */
  #open = new Map<string, { day: string; call: GatewayCall; answered: number; failed: number }>();
  #timer: Repeating | null = null;
  /** The last exchange and whether the gateway answered it: the desk's internet link (inventory). */
  #last: { at: number; answered: boolean } | null = null;

  constructor(private readonly d: GatewayTallyDeps) {}

  /** One exchange of today (Vietnam day). */
  record(call: GatewayCall, answered: boolean): void {
    const day = vietnamDay(this.d.now());
    const key = `${day}|${call}`;
    const row = this.#open.get(key) ?? { day, call, answered: 0, failed: 0 };
    if (answered) row.answered++;
    else row.failed++;
    this.#open.set(key, row);
    this.#last = { at: this.d.now().getTime(), answered };
  }

  /** The internet link as the gateway shows it: the last exchange of the past hour decides (ok:
   *  answered, down: failed); none, or the bundled simulator: unknown (docs/reference/report-rules.md). */
  internet(): InternetState {
    const last = this.#last;
    if (this.d.simulated || !last || this.d.now().getTime() - last.at > INTERNET_WINDOW_MS) return 'unknown';
    return last.answered ? 'ok' : 'down';
  }

  /** The gateway with every exchange counted; the same methods as the one given. */
  wrap(gateway: GatewayPort): GatewayPort {
    const wrapped: GatewayPort = {
      check: async (req) => this.#counted('check', await gateway.check(req), (a) => answeredCode(a.code)),
      get tokenExpiresAt() {
        return gateway.tokenExpiresAt ?? null;
      },
    };
    const history = gateway.history?.bind(gateway);
    const checkIn = gateway.checkIn?.bind(gateway);
    const renew = gateway.renewToken?.bind(gateway);
    return Object.assign(wrapped, {
      ...(history && {
        history: async (req: Parameters<typeof history>[0]) =>
          this.#counted(
            'history',
            await history(req),
            (a) => answeredCode(a.code),
            (a) => a.code === 'disabled',
          ),
      }),
      ...(checkIn && {
        checkIn: async (req: Parameters<typeof checkIn>[0]) => this.#counted('checkin', await checkIn(req), (a) => a.status !== 'unavailable'),
      }),
      ...(renew && { renewToken: async () => this.#counted('token', await renew(), (a) => a.ok) }),
    });
  }

  #counted<T>(call: GatewayCall, answer: T, answered: (a: T) => boolean, notSent: (a: T) => boolean = () => false): T {
    if (!notSent(answer)) this.record(call, answered(answer));
    return answer;
  }

  /** Writes what was counted since the last flush (one batch), through the durable write path. */
  async flush(): Promise<void> {
    if (this.#open.size === 0) return;
    const { facilityId, simulated } = this.d;
    const rows = [...this.#open.values()].map((r) => ({ ...r, facilityId, simulated }));
    this.#open = new Map();
    await this.d.keep('gateway exchanges', () => this.d.write(rows));
  }

  start(): void {
    this.#timer = repeat(
      () => this.flush(),
      () => this.d.flushEveryMs,
      (err) => this.d.log.warn({ module: 'gateway-tally', err: String(err) }, 'gateway exchange counts not written'),
    );
  }

  async stop(): Promise<void> {
    await this.#timer?.stop();
    this.#timer = null;
    await this.flush();
  }
}
