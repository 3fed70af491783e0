import { createTestDb, freePort, TestDb } from '@gan119/testing';
import { RunningApp, startApp } from '../../test/test-app';

type Health = { status: string; info?: Record<string, { status: string; version?: string }>; error?: Record<string, { message: string }> };

async function health(app: RunningApp): Promise<{ code: number; body: Health }> {
  const res = await fetch(`${app.url}/api/health`);
  return { code: res.status, body: (await res.json()) as Health };
}

describe('GET /api/health (real PostgreSQL, PostGIS, pgRouting, Redis)', () => {
  let db: TestDb;
  let app: RunningApp;
  beforeAll(async () => {
    db = await createTestDb();
    app = await startApp(db.url);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('answers 200 with the PostgreSQL, PostGIS and pgRouting versions and a Redis PONG', async () => {
    const { code, body } = await health(app);
    expect(code).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.info!.postgresql.version).toMatch(/^1[5-9]/);
    expect(body.info!.postgis.version).toMatch(/^3\./);
    expect(body.info!.pgrouting.version).toMatch(/^3\./);
    expect(body.info!.redis.status).toBe('up');
    expect(body.info!.redis.version).toMatch(/^[7-9]\./);
    expect(body.info!.roadGraph.status).toBe('up');
  });

  it('serves the OpenAPI document and Prometheus metrics', async () => {
    const docs = await fetch(`${app.url}/api/docs-json`);
    expect(docs.status).toBe(200);
    const spec = (await docs.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).toContain('/api/health');
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toMatch(/http_request_duration_seconds_bucket\{.*route="\/api\/health"/);
    expect(metrics).toMatch(/gan119_escalation_jobs\{state="delayed"\} \d+/);
    expect(metrics).toContain('# TYPE gan119_sockets_connected gauge');
  });

  it('answers 503 naming postgis and pgrouting when the database lacks them', async () => {
    const bare = await createTestDb({ empty: true });
    const bareApp = await startApp(bare.url);
    try {
      const { code, body } = await health(bareApp);
      expect(code).toBe(503);
      expect(body.error!.postgis.message).toMatch(/postgis extension is not installed/);
      expect(body.error!.pgrouting.message).toMatch(/pgrouting extension is not installed/);
      expect(body.info!.postgresql.status).toBe('up');
    } finally {
      await bareApp.close();
      await bare.drop();
    }
  });

  it('answers 503 naming redis when Redis does not answer', async () => {
    const port = await freePort(); // bound, noted, released: nothing listens there
    const noRedis = await startApp(db.url, { REDIS_URL: `redis://127.0.0.1:${port}` });
    try {
      const { code, body } = await health(noRedis);
      expect(code).toBe(503);
      expect(Object.keys(body.error!)).toEqual(['redis']);
      expect(body.info!.postgis.status).toBe('up');
    } finally {
      await noRedis.close();
    }
  });
});
