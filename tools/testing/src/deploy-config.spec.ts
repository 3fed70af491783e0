import { spawnSync } from 'child_process';
import { join } from 'path';
import { parse } from 'yaml';

// docker/compose.yml cannot be run here (no Docker engine), so it is checked the way Compose reads it.
const ROOT = join(__dirname, '..', '..', '..');
const FILE = join(ROOT, 'docker', 'compose.yml');

type Service = { command?: string[] | string; restart?: string; healthcheck?: { test?: unknown; disable?: boolean }; environment?: Record<string, string> };

function composeConfig(): { services: Record<string, Service> } {
  const plugin = spawnSync('docker', ['compose', '-f', FILE, 'config'], { encoding: 'utf8' });
  const r = plugin.status === 0 ? plugin : spawnSync('docker-compose', ['-f', FILE, 'config'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`compose did not accept docker/compose.yml:\n${r.stderr || r.error?.message}`);
  return parse(r.stdout) as { services: Record<string, Service> };
}

describe('docker/compose.yml', () => {
  const cfg = composeConfig();
  const cmd = (s: Service) => (Array.isArray(s.command) ? s.command.join(' ') : (s.command ?? ''));

  it('has the database, Redis, API, worker and console', () => {
    expect(Object.keys(cfg.services).sort()).toEqual(['api', 'console', 'db', 'migrate', 'redis', 'worker']);
  });

  it('runs Redis with AOF and noeviction, so queues and timers are never evicted', () => {
    expect(cmd(cfg.services.redis)).toMatch(/--appendonly yes/);
    expect(cmd(cfg.services.redis)).toMatch(/--maxmemory-policy noeviction/);
  });

  it('gives PostgreSQL a statement timeout and every long-running service a restart policy', () => {
    expect(cmd(cfg.services.db)).toMatch(/statement_timeout=\d+/);
    for (const name of ['db', 'redis', 'api', 'worker', 'console']) expect(cfg.services[name].restart).toBe('unless-stopped');
  });

  it('health-checks the database, Redis and the API', () => {
    for (const name of ['db', 'redis']) expect(cfg.services[name].healthcheck?.test).toBeTruthy();
    expect(cfg.services.api.environment?.ROLE).toBe('api');
    expect(cfg.services.worker.environment?.ROLE).toBe('worker');
  });
});
