/**
 * How a message between the centre and a partner is signed (both ways, with the partner's own key):
 * HMAC-SHA256 over this canonical text. The api computes the digest and the HMAC; the text is here so
 * both sides (and a partner's implementer reading docs/INTEROP.md) build it the same way.
 */
export const SIGNATURE_HEADERS = {
  partner: 'x-partner-id',
  timestamp: 'x-timestamp',
  idempotencyKey: 'idempotency-key',
  signature: 'x-signature',
} as const;

/** How far a signed message's timestamp may be from our clock (a replay outside it is refused). */
export const SIGNATURE_WINDOW_MS = 5 * 60_000;

export function canonicalRequest(r: { method: string; path: string; timestamp: string; idempotencyKey: string; bodySha256Hex: string }): string {
  return [r.timestamp, r.method.toUpperCase(), r.path, r.idempotencyKey, r.bodySha256Hex].join('\n');
}

/** A signature header's value: "v1=<hex>" (the version lets keys' algorithms change later). */
export function signatureHeader(hmacHex: string): string {
  return `v1=${hmacHex}`;
}

export function signatureFromHeader(v: string | undefined): string | null {
  const m = /^v1=([0-9a-f]{64})$/.exec(v ?? '');
  return m ? m[1] : null;
}
