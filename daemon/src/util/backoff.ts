// The one retry backoff of the durable queues (verify-later, HIS webhook, check-in): the base delay
// doubling with each failed attempt, capped. The exponent is bounded so a long outage cannot make it
// Infinity before the cap applies.

export function backoffMs(baseMs: number, maxMs: number, attempts: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(attempts, 30));
}
