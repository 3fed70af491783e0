import { readFileSync } from 'fs';
import { join } from 'path';
import { composeConfig, ComposeService as Service } from './compose';

describe('docker/compose.yml', () => {
  const cfg = composeConfig();
  const cmd = (s: Service) => (Array.isArray(s.command) ? s.command.join(' ') : (s.command ?? ''));

  const inProfile = (p: string | null) =>
    Object.keys(cfg.services)
      .filter((n) => (cfg.services[n].profiles ?? [])[0] === (p ?? undefined))
      .sort();

  it('has the database, Redis, the MQTT broker, API, worker and console', () => {
    expect(inProfile(null)).toEqual(['api', 'console', 'db', 'migrate', 'mqtt', 'redis', 'worker']);
  });

  it('the scale profile adds a second API process and nginx over both, without stickiness (WebSocket-only clients)', () => {
    expect(inProfile('scale')).toEqual(['api2', 'lb']);
    expect(cfg.services.api2.environment?.ROLE).toBe('api');
    expect(cfg.services.lb.restart).toBe('unless-stopped');
    expect(JSON.stringify(cfg.services.lb.volumes)).toMatch(/lb\.nginx\.conf/);
    const conf = readFileSync(join(__dirname, '..', '..', '..', 'docker', 'lb.nginx.conf'), 'utf8');
    expect(conf).toMatch(/server api:8119/);
    expect(conf).toMatch(/server api2:8119/);
    expect(conf).not.toMatch(/^\s*(ip_hash|sticky)/m);
    expect(conf).toMatch(/proxy_set_header Upgrade/);
    expect(conf).not.toMatch(/non_idempotent/); // a POST that reached a dying process is never sent again
  });

  it('gives the IoT terminals a broker the API and worker use, health-checked, and the worker the GB/T 26875.3 port', () => {
    expect(cfg.services.mqtt.healthcheck?.test).toBeTruthy();
    expect(cfg.services.mqtt.restart).toBe('unless-stopped');
    for (const name of ['api', 'worker']) expect(cfg.services[name].environment?.IOT_MQTT_URL).toBe('mqtt://mqtt:1883');
    expect(cfg.services.worker.environment?.IOT_TCP_PORT).toBe('9119');
  });

  it('runs Redis with AOF and noeviction, so queues and timers are never evicted', () => {
    expect(cmd(cfg.services.redis)).toMatch(/--appendonly yes/);
    expect(cmd(cfg.services.redis)).toMatch(/--maxmemory-policy noeviction/);
  });

  it('gives PostgreSQL a statement timeout and every long-running service a restart policy', () => {
    expect(cmd(cfg.services.db)).toMatch(/statement_timeout=\d+/);
    for (const name of ['db', 'redis', 'api', 'worker', 'console']) expect(cfg.services[name].restart).toBe('unless-stopped');
  });

  it("refuses to resolve without a token secret of the deployment's own", () => {
    expect(() => composeConfig({ TOKEN_SECRET: '' })).toThrow(/TOKEN_SECRET/);
  });

  it('health-checks the database, Redis and the API', () => {
    for (const name of ['db', 'redis']) expect(cfg.services[name].healthcheck?.test).toBeTruthy();
    expect(cfg.services.api.environment?.ROLE).toBe('api');
    expect(cfg.services.worker.environment?.ROLE).toBe('worker');
  });
});
