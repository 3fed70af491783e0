import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { SIGNATURE_HEADERS, SIGNATURE_WINDOW_MS } from '@gan119/interop';
import { TokenBucket } from '../accounts/rate-limit';
import { DomainError } from '../common/errors';
import { Db } from '../infra/db/unit-of-work';
import { Partner, PartnerRepository } from './partner.repository';
import { sha256Hex, signatureMatches } from './signature';

export type PartnerRequest = Request & { rawBody?: Buffer };
export type Authenticated = { partner: Partner; key: string; bodySha256: string };

const KEY = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * A partner's request, checked before anything reads it: who (x-partner-id, an active partner), when
 * (x-timestamp within 5 minutes of our clock: an old capture cannot be replayed), what (x-signature:
 * HMAC-SHA256 with that partner's key over the timestamp, method, path, idempotency key and the
 * body's SHA-256), and how often (its per-minute allowance, per API process). Every refusal is in the
 * exchange log.
 */
@Injectable()
export class PartnerAuth {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly db: Db) {}

  async verify(req: PartnerRequest, kind: string, needKey: boolean): Promise<Authenticated> {
    const h = (name: string) => {
      const v = req.headers[name];
      return typeof v === 'string' ? v : undefined;
    };
    const partnerId = h(SIGNATURE_HEADERS.partner);
    try {
      for (const name of [
        SIGNATURE_HEADERS.partner,
        SIGNATURE_HEADERS.timestamp,
        SIGNATURE_HEADERS.signature,
        ...(needKey ? [SIGNATURE_HEADERS.idempotencyKey] : []),
      ])
        if (!h(name)) throw new DomainError('signature_required', `the ${name} header is required (docs/INTEROP.md: signing)`, 401);
      const key = h(SIGNATURE_HEADERS.idempotencyKey) ?? '';
      if (needKey && !KEY.test(key)) throw new DomainError('bad_idempotency_key', 'the idempotency-key header must be 1–100 of A-Z a-z 0-9 . _ : -', 400);
      const partner = await this.db.get(PartnerRepository).partner(partnerId ?? '');
      if (!partner || !partner.active) throw new DomainError('unknown_partner', `no active partner ${String(partnerId).slice(0, 40)}`, 401);
      const ts = h(SIGNATURE_HEADERS.timestamp) as string;
      const at = Date.parse(ts);
      if (!/^\d{4}-\d\d-\d\dT/.test(ts) || !Number.isFinite(at) || Math.abs(Date.now() - at) > SIGNATURE_WINDOW_MS)
        throw new DomainError('stale_timestamp', 'x-timestamp must be an ISO 8601 time within 5 minutes of ours (check the clock)', 401);
      const body = req.rawBody ?? Buffer.alloc(0);
      const path = req.originalUrl.split('?')[0];
      if (!signatureMatches(partner.secret, h(SIGNATURE_HEADERS.signature), { method: req.method, path, timestamp: ts, idempotencyKey: key, body }))
        throw new DomainError(
          'bad_signature',
          'x-signature does not match (HMAC-SHA256 with your key over timestamp, method, path, idempotency key and body SHA-256)',
          401,
        );
      const bucket = this.buckets.get(partner.id) ?? new TokenBucket(Math.max(1, Math.ceil(partner.perMinute / 6)), partner.perMinute / 60);
      this.buckets.set(partner.id, bucket);
      if (!bucket.take())
        throw new DomainError('rate_limited', `more than ${partner.perMinute} messages a minute from ${partner.id}: slow down and retry`, 429);
      return { partner, key, bodySha256: sha256Hex(body) };
    } catch (e) {
      if (e instanceof DomainError) await this.refused(partnerId ?? null, kind, h(SIGNATURE_HEADERS.idempotencyKey) ?? null, e);
      throw e;
    }
  }

  /** Logs a refused message (the exchange log keeps refusals too; the partner id only when it names one we have). */
  async refused(partnerId: string | null, kind: string, key: string | null, e: DomainError, incidentId: number | null = null): Promise<void> {
    await this.db
      .get(PartnerRepository)
      .exchange({
        partnerId,
        direction: 'in',
        kind,
        key: key?.slice(0, 100) ?? null,
        incidentId,
        httpStatus: e.status,
        outcome: 'refused',
        detail: { error: e.code, message: e.message },
      })
      .catch(() => undefined);
  }
}
