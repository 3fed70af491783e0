import { createHash, createHmac, randomBytes, timingSafeEqual } from 'crypto';
import { canonicalRequest, signatureFromHeader, signatureHeader } from '@gan119/interop';

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
