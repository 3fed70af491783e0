import { spawnSync } from 'child_process';
import { join } from 'path';
import { parse } from 'yaml';

export type ComposeService = {
  command?: string[] | string;
  restart?: string;
  healthcheck?: { test?: unknown; disable?: boolean };
  environment?: Record<string, string>;
  profiles?: string[];
  volumes?: unknown[];
};

/** What a deployment must provide (compose refuses to start without it); a stand-in for the checks. */
export const COMPOSE_TEST_ENV = { TOKEN_SECRET: 'compose-check-secret-0123456789abcdef' };

/**
 * docker/compose.yml as Compose resolves it (`docker compose config`, else `docker-compose config`):
 * no Docker engine is needed, so the file is checked the way Compose reads it.
 */
export function composeConfig(env: Record<string, string> = COMPOSE_TEST_ENV): { services: Record<string, ComposeService> } {
  const file = join(__dirname, '..', '..', '..', 'docker', 'compose.yml');
  const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env } });
  const plugin = run('docker', ['compose', '-f', file, 'config']);
  const r = plugin.status === 0 ? plugin : run('docker-compose', ['-f', file, 'config']);
  if (r.status !== 0) throw new Error(`compose did not accept docker/compose.yml:\n${r.stderr || r.error?.message}`);
  return parse(r.stdout) as { services: Record<string, ComposeService> };
}
