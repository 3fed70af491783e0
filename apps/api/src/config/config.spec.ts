import { ConfigError, loadConfig } from './config';

const base = { DATABASE_URL: 'postgres://u@h:5432/db', REDIS_URL: 'redis://h:6379' };

describe('loadConfig', () => {
  it('fills defaults', () => {
    const c = loadConfig(base);
    expect(c.http.port).toBe(8119);
    expect(c.db.poolSize).toBe(20);
    expect(c.role).toBe('all');
  });

  it('names every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'eighty', REDIS_URL: 'http://x' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', REDIS_URL: 'http://x' });
    } catch (e) {
      const msg = (e as Error).message;
      expect(msg).toMatch(/PORT/);
      expect(msg).toMatch(/DATABASE_URL/);
      expect(msg).toMatch(/REDIS_URL: must be a redis:\/\/ URL/);
    }
  });

  it('coerces numbers from strings', () => {
    expect(loadConfig({ ...base, PORT: '9000', DB_POOL_SIZE: '5' }).http.port).toBe(9000);
  });

  it('keeps the demo conveniences out of production', () => {
    expect(loadConfig(base)).toMatchObject({ demoTokens: true, demoSimulator: false });
    const prod = { ...base, NODE_ENV: 'production', TOKEN_SECRET: 'a-long-production-secret-123' };
    expect(loadConfig(prod)).toMatchObject({ demoTokens: false, demoSimulator: false });
    expect(() => loadConfig({ ...prod, DEMO_TOKENS: 'true' })).toThrow(/DEMO_TOKENS: never in production/);
    expect(() => loadConfig({ ...prod, DEMO_SIMULATOR: 'true' })).toThrow(/DEMO_SIMULATOR: never in production/);
    expect(() => loadConfig({ ...base, DEMO_SIMULATOR: 'yes' })).toThrow(/DEMO_SIMULATOR/);
    // with sign-in required there are no demo tokens unless asked for
    expect(loadConfig({ ...base, AUTH_REQUIRED: 'true', TOKEN_SECRET: 'a-secret-of-our-own-4567' })).toMatchObject({
      demoTokens: false,
      auth: { required: true },
    });
    // sign-in required on the published default secret: anyone could sign an admin token, whatever NODE_ENV
    expect(() => loadConfig({ ...base, AUTH_REQUIRED: 'true' })).toThrow(/TOKEN_SECRET: set a secret of your own when sign-in is required/);
    // production signs in by default, and cannot be opened up
    expect(loadConfig(prod)).toMatchObject({ auth: { required: true } });
    expect(loadConfig(base)).toMatchObject({ auth: { required: false } });
    expect(() => loadConfig({ ...prod, AUTH_REQUIRED: 'false' })).toThrow(/AUTH_REQUIRED: never false in production/);
  });
});
