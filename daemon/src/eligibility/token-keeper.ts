// Keeps the gateway's 10-minute, IP-bound token warm (docs/research/eligibility-gateway.md §2,
// checkin-xml0.md §6): a new token is taken `leadMs` before the current one lapses, so no patient's
// lookup waits for token/take. Only while the desk is in use (a lookup in the last `idleAfterMs`, or
// since start): a quiet night does not call the gateway 144 times for nothing. A refusal (restricted
// account, wrong credentials) goes to the account guard, which stops every call.

import type { Logger } from '../log.ts';
import { repeat, type Repeating } from '../util/repeat.ts';
import type { GatewayStateCode } from './result-codes.ts';

export interface TokenSource {
  readonly tokenExpiresAt: number | null;
  renewToken(): Promise<{ ok: true } | { ok: false; code: GatewayStateCode }>;
}

export interface TokenKeeperOptions {
  readonly leadMs: number;
  readonly idleAfterMs: number;
  readonly checkEveryMs: number;
  readonly now: () => number;
  readonly halted: () => boolean;
  readonly onRefused: (code: GatewayStateCode) => void;
  readonly log: Logger;
}

export class TokenKeeper {
  #lastUse: number;
  /** After a failed renewal (gateway down): not before this, doubling from 30 s to 5 min, so an
   *  outage does not turn into a token request every few seconds. */
  #notBefore = 0;
  #failures = 0;
  #loop: Repeating | null = null;
  renewals = 0;

  constructor(
    private readonly source: TokenSource,
    private readonly o: TokenKeeperOptions,
  ) {
    this.#lastUse = o.now();
  }

  /** A lookup was made: keep the token warm for the next one. */
  touch(): void {
    this.#lastUse = this.o.now();
  }

  start(): void {
    this.#loop = repeat(
      () => this.tick(),
      () => this.o.checkEveryMs,
      (err) => this.o.log.error({ err: err.message }, 'token renewal failed'),
    );
    void this.tick().catch((err: Error) => this.o.log.error({ err: err.message }, 'token renewal failed'));
  }

  async stop(): Promise<void> {
    await this.#loop?.stop();
  }

  /** Renews when due; returns whether a token was requested. */
  async tick(): Promise<boolean> {
    const now = this.o.now();
    const expires = this.source.tokenExpiresAt;
    if (this.o.halted() || now - this.#lastUse > this.o.idleAfterMs || now < this.#notBefore) return false;
    if (expires !== null && expires - this.o.leadMs > now) return false;
    const r = await this.source.renewToken();
    if (r.ok) {
      this.renewals++;
      this.#failures = 0;
      return true;
    }
    this.#notBefore = now + Math.min(300_000, 30_000 * 2 ** this.#failures++);
    this.o.log.warn({ code: r.code, retryInMs: this.#notBefore - now }, 'gateway token renewal failed');
    this.o.onRefused(r.code);
    return true;
  }
}
