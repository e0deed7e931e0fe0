// Delivers queued registrations to the HIS: POST with an HMAC-SHA256 signature and an idempotency
// key, retried with backoff from the SQLite queue until the HIS answers 2xx. A restart resumes from
// the queue; the idempotency key lets the HIS drop a delivery it already has (one whose answer was lost).
// The signature covers a timestamp, the idempotency key and the body (Stripe's scheme plus the key):
// a captured delivery cannot be replayed later, nor under a new key. Redirects are not followed (a
// patient's record must not be forwarded to wherever a 3xx points); one counts as a failed attempt.

import { backoffMs } from '../util/backoff.ts';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { HisConfig } from './webhook-config.ts';
import type { Logger } from '../log.ts';
import { repeat, type Repeating } from '../util/repeat.ts';
import type { WebhookQueue } from './webhook-queue.ts';
import type { KeepWrite } from '../storage/storage-health.ts';

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.idempotencyKey.body">`. */
export function signature(secret: string, body: string, idempotencyKey: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${idempotencyKey}.${body}`, 'utf8').digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/** What a receiving HIS does (and what the tests do): true when the header signs this key and body and
 *  its timestamp is within `toleranceS` of `nowS`. */
export function verifySignature(secret: string, header: string, body: string, idempotencyKey: string, nowS: number, toleranceS = 300): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!m) return false;
  const t = Number(m[1]);
  if (Math.abs(nowS - t) > toleranceS) return false;
  const want = Buffer.from(signature(secret, body, idempotencyKey, t).slice(-64), 'hex');
  return timingSafeEqual(want, Buffer.from(m[2]!, 'hex'));
}

export class WebhookWorker {
  #loop: Repeating | null = null;
  #resumed = false;

  /** `keep`: the durable write path, through which a delivery's outcome waits for a full disk. */
  constructor(private readonly deps: { queue: WebhookQueue; config: HisConfig & { webhookUrl: string }; log: Logger; now: () => Date; keep: KeepWrite }) {}

  start(): void {
    this.#loop = repeat(
      () => this.deliverDue(),
      () => this.deps.config.pollMs,
      (err) => this.deps.log.error({ err: err.message }, 'webhook worker failed'),
    );
  }

  stop(): Promise<void> {
    return this.#loop?.stop() ?? Promise.resolve();
  }

  pending(): Promise<number> {
    return this.deps.queue.pending();
  }

  async deliverDue(): Promise<number> {
    const { queue, config, log, now } = this.deps;
    if (!this.#resumed) {
      await queue.wakeAll(now().getTime());
      this.#resumed = true;
    }
    const due = await queue.due(now().getTime());
    let delivered = 0;
    for (const item of due) {
      let error: string | null = null;
      try {
        const res = await fetch(config.webhookUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'idempotency-key': item.idempotency_key,
            'x-tiepnhan-signature': signature(config.secret, item.body, item.idempotency_key, Math.floor(now().getTime() / 1000)),
            'x-tiepnhan-attempt': String(item.attempts + 1),
          },
          body: item.body,
          redirect: 'manual',
          signal: AbortSignal.timeout(15_000),
        });
        await res.arrayBuffer();
        if (res.status >= 300 && res.status < 400) error = `HTTP ${res.status} redirect not followed`;
        else if (!res.ok) error = `HTTP ${res.status}`;
      } catch (err) {
        const e = err as Error & { cause?: { code?: string } };
        error = e.cause?.code ?? e.message;
      }
      if (error === null) {
        const at = now();
        await this.deps.keep('webhook delivery', () => queue.delivered(item.id, at));
        delivered++;
      } else {
        const wait = backoffMs(config.retryBaseMs, config.retryMaxMs, item.attempts);
        const next = now().getTime() + wait;
        await this.deps.keep('webhook delivery', () => queue.failed(item.id, next, error));
        log.warn({ registration: item.registration_id, attempt: item.attempts + 1, err: error, retryInMs: wait }, 'HIS webhook failed; will retry');
      }
    }
    return delivered;
  }
}
