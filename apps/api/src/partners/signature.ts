import { createHash, createHmac, randomBytes, timingSafeEqual } from 'crypto';
import { canonicalRequest, SIGNATURE_HEADERS, signatureFromHeader, signatureHeader } from '@gan119/interop';

export const sha256Hex = (body: Buffer | string): string => createHash('sha256').update(body).digest('hex');

/** The signature of a message (HMAC-SHA256 with the partner's key over the canonical request), as its header value. */
export function sign(secret: string, r: { method: string; path: string; timestamp: string; idempotencyKey: string; body: Buffer | string }): string {
  const text = canonicalRequest({ method: r.method, path: r.path, timestamp: r.timestamp, idempotencyKey: r.idempotencyKey, bodySha256Hex: sha256Hex(r.body) });
  return signatureHeader(createHmac('sha256', secret).update(text).digest('hex'));
}

/** Whether a signature header is the right one (compared in constant time). */
export function signatureMatches(secret: string, header: string | undefined, r: Parameters<typeof sign>[1]): boolean {
  const got = signatureFromHeader(header);
  if (!got) return false;
  const want = signatureFromHeader(sign(secret, r)) as string;
  return timingSafeEqual(Buffer.from(got, 'hex'), Buffer.from(want, 'hex'));
}

/** A new partner key: 32 random bytes, hex. */
export const newPartnerSecret = (): string => randomBytes(32).toString('hex');

/** Every header of a signed message (either way): who, when, its idempotency key, the signature, the content type. */
export function signedHeaders(
  partnerId: string,
  secret: string,
  r: { method?: string; path: string; idempotencyKey: string; body: Buffer | string; contentType?: string },
): Record<string, string> {
  const timestamp = new Date().toISOString();
  const method = r.method ?? 'POST';
  return {
    'content-type': r.contentType ?? 'application/json',
    [SIGNATURE_HEADERS.partner]: partnerId,
    [SIGNATURE_HEADERS.timestamp]: timestamp,
    ...(r.idempotencyKey ? { [SIGNATURE_HEADERS.idempotencyKey]: r.idempotencyKey } : {}),
    [SIGNATURE_HEADERS.signature]: sign(secret, { method, path: r.path, timestamp, idempotencyKey: r.idempotencyKey, body: r.body }),
  };
}
