import { OUTSIDE_SERVICE_AREA, SERVICE_MARGIN_M } from '../common/service-area';
import { AvlRepository } from './avl.repository';
import { Inject, Injectable } from '@nestjs/common';
import { AvlFix, fixProblem, isStale } from '@gan119/resources';
import type { PositionMessage } from '@gan119/dispatch';
import { pointInMultiPolygon, PolygonRings } from '@gan119/geo';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config/config';
import { REDIS } from '../infra/redis/redis.module';

/**
 * Newest-wins update of the live positions, atomic across processes: for each (unit, ts, payload)
 * the stored fix is replaced only by a newer one. Returns per item 1 (live), 0 (duplicate: same
 * time), 2 (older: history only). The rule is the one of judgeFix in libs/resources.
 */
const LIVE_SCRIPT = `
local out = {}
for i = 0, (#ARGV / 3) - 1 do
  local id, ts, payload = ARGV[i * 3 + 1], tonumber(ARGV[i * 3 + 2]), ARGV[i * 3 + 3]
  local cur = redis.call('HGET', KEYS[1], id)
  local curTs = cur and tonumber(string.match(cur, '^(%d+)|')) or nil
  if not curTs or ts > curTs then
    redis.call('HSET', KEYS[1], id, ts .. '|' .. payload)
    out[#out + 1] = 1
  elseif ts == curTs then
    out[#out + 1] = 0
  else
    out[#out + 1] = 2
  end
end
return out`;

export type IngestResult = { received: number; live: number; historyOnly: number; duplicates: number; rejected: Array<{ index: number; error: string }> };
/** The fixes that became their unit's live position, for the consoles. */
export type Ingested = IngestResult & { wentLive: PositionMessage[] };
export type LivePosition = { unitId: number; ts: string; lon: number; lat: number; speedKmh: number | null; heading: number | null; stale: boolean };

/** AVL: batched position ingest, live positions in Redis, history in PostgreSQL. */
@Injectable()
export class AvlService {
  private readonly liveKey: string;
  private province: { rings: PolygonRings[]; bbox: [number, number, number, number] } | null = null;

  constructor(
    private readonly repo: AvlRepository,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.liveKey = `${config.redis.prefix}avl:live`;
  }

  private async serviceArea() {
    if (!this.province) {
      const g = await this.repo.serviceOutline(SERVICE_MARGIN_M);
      if (!g) return null;
      const rings = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as PolygonRings[];
      const xs = rings.flatMap((p) => p[0].map((c) => c[0])),
        ys = rings.flatMap((p) => p[0].map((c) => c[1]));
      this.province = { rings, bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] };
    }
    return this.province;
  }

  async ingest(fixes: AvlFix[], now = Date.now()): Promise<Ingested> {
    const rejected: IngestResult['rejected'] = [];
    const area = await this.serviceArea();
    const ids = [...new Set(fixes.map((f) => f.unitId).filter((id) => Number.isInteger(id) && id > 0 && id < 2 ** 31))];
    const known = await this.repo.existingUnits(ids);
    const good: AvlFix[] = [];
    fixes.forEach((f, index) => {
      const problem =
        fixProblem(f, now, this.config.avl.maxAgeS) ??
        (known.has(f.unitId) ? null : `unit ${f.unitId} does not exist`) ??
        (area &&
        !(f.lon >= area.bbox[0] && f.lon <= area.bbox[2] && f.lat >= area.bbox[1] && f.lat <= area.bbox[3] && pointInMultiPolygon([f.lon, f.lat], area.rings))
          ? `position ${f.lon}, ${f.lat} is ${OUTSIDE_SERVICE_AREA}`
          : null);
      if (problem) rejected.push({ index, error: problem });
      else good.push(f);
    });
    if (!good.length) return { received: fixes.length, live: 0, historyOnly: 0, duplicates: 0, rejected, wentLive: [] };
    // only each unit's newest fix of the batch can go live; the batch's others are history (or duplicates)
    const newest = new Map<number, AvlFix>();
    let duplicates = 0;
    let historyOnly = 0;
    for (const f of good) {
      const cur = newest.get(f.unitId);
      if (!cur) newest.set(f.unitId, f);
      else if (f.ts === cur.ts) duplicates++;
      else {
        historyOnly++;
        if (f.ts > cur.ts) newest.set(f.unitId, f);
      }
    }
    const candidates = [...newest.values()];
    const args = candidates.flatMap((f) => [String(f.unitId), String(f.ts), JSON.stringify([f.lon, f.lat, f.speedKmh ?? null, f.heading ?? null])]);
    // the record and the live view at once (the history insert no longer delays the consoles): when the
    // record fails the request fails and the tablet sends the batch again; neither changes twice (history
    // ON CONFLICT DO NOTHING, the live view newest-wins), so the retry completes the record
    const [, verdicts] = await Promise.all([this.repo.appendHistory(good), this.redis.eval(LIVE_SCRIPT, 1, this.liveKey, ...args) as Promise<number[]>]);
    return {
      received: fixes.length,
      live: verdicts.filter((v) => v === 1).length,
      duplicates: duplicates + verdicts.filter((v) => v === 0).length,
      historyOnly: historyOnly + verdicts.filter((v) => v === 2).length,
      rejected,
      wentLive: candidates
        .filter((_, i) => verdicts[i] === 1)
        .map((f) => ({ unitId: f.unitId, ts: new Date(f.ts).toISOString(), lon: f.lon, lat: f.lat, speedKmh: f.speedKmh ?? null, heading: f.heading ?? null })),
    };
  }

  /** Every unit's live position, with the stale flag. */
  async live(now = Date.now()): Promise<LivePosition[]> {
    const all = await this.redis.hgetall(this.liveKey);
    return Object.entries(all).map(([id, v]) => {
      const bar = v.indexOf('|');
      const ts = Number(v.slice(0, bar));
      const [lon, lat, speedKmh, heading] = JSON.parse(v.slice(bar + 1)) as [number, number, number | null, number | null];
      return { unitId: Number(id), ts: new Date(ts).toISOString(), lon, lat, speedKmh, heading, stale: isStale(ts, now, this.config.avl.staleAfterS) };
    });
  }
}
