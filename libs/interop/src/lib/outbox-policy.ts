/**
 * How the outbox delivers: what a partner's answer means, and how long to wait before trying again.
 * A message is never given up for a partner that is down; only a refusal (the partner read it and said
 * no) ends it.
 */
export type DeliveryOutcome = 'delivered' | 'retry' | 'refused';

/**
 * 2xx: delivered (a 409 "already have it" too: the idempotency key matched); 408, 425, 429 and 5xx: try
 * again; 401 too — the partner did not accept our signature (a key rotated on one side only, a clock
 * off), which an operator mends, and then the message must still arrive; other 4xx: refused (the
 * partner read the message and said no).
 */
export function deliveryOutcome(httpStatus: number | null): DeliveryOutcome {
  if (httpStatus === null) return 'retry'; // no answer: refused connection, timeout, reset
  if ((httpStatus >= 200 && httpStatus < 300) || httpStatus === 409) return 'delivered';
  if (httpStatus === 401 || httpStatus === 408 || httpStatus === 425 || httpStatus === 429 || httpStatus >= 500) return 'retry';
  return 'refused';
}

/**
 * The wait before the partner is tried again after `failures` failures in a row: 0.5 s doubling to at
 * most `capMs` (3 s: probing a partner that is down costs one message every 3 s, and a partner that
 * comes back waits at most that long for its queue), with ±20 % jitter from `random` (0..1).
 */
export function retryDelayMs(failures: number, random: number, capMs = 3_000): number {
  const base = Math.min(capMs, 500 * 2 ** Math.max(0, Math.min(failures - 1, 20)));
  return Math.round(base * (0.8 + 0.4 * Math.min(1, Math.max(0, random))));
}
