import { ChildProcess, spawn } from 'child_process';
import { createServer } from 'net';
import { join } from 'path';
import { serviceUrls } from './services-env';

const ROOT = join(__dirname, '..', '..', '..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * A Redis key prefix of its own for each spawned process (unless the test names one to share): test
 * processes never read or write the demo's queues and live positions, nor another test's.
 */
export function testRedisPrefix(): string {
  return `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}:`;
}

/**
 * The environment a test process starts from: this one's, without the IoT intake (a test that wants
 * MQTT or the TCP gateway names its own topic root and port) and with no demo terminals unless asked.
 */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, IOT_DEMO_DEVICES: '0' };
  for (const k of ['IOT_MQTT_URL', 'IOT_TCP_PORT', 'IOT_MQTT_ROOT', 'IOT_MQTT_CLIENT_ID']) delete env[k];
  return env;
}

/** Runs a TypeScript entry point of the api app (e.g. a CLI) to completion; rejects with its output on failure. */
export function runApiCli(entry: string, env: Record<string, string>, args: string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'apps/api/src', entry), ...args], {
      cwd: ROOT,
      env: { ...baseEnv(), SWC_NODE_PROJECT: join(ROOT, 'tsconfig.runtime.json'), REDIS_URL: serviceUrls().redisUrl, ...env },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${entry} exited ${code}:\n${out}`))));
  });
}

export type SpawnedApi = { url: string; port: number; process: ChildProcess; logs(): string; stop(signal?: NodeJS.Signals): Promise<void> };

/** Starts the API as a real separate process against `databaseUrl` and waits until /api/health is 200. */
export async function spawnApi(databaseUrl: string, env: Record<string, string> = {}): Promise<SpawnedApi> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'apps/api/src/main.ts')], {
    cwd: ROOT,
    env: {
      ...baseEnv(),
      SWC_NODE_PROJECT: join(ROOT, 'tsconfig.runtime.json'),
      NODE_ENV: 'test',
      ROLE: 'all',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      REDIS_URL: serviceUrls().redisUrl,
      REDIS_PREFIX: testRedisPrefix(),
      CONSOLE_DIST: join(ROOT, 'apps/console/dist'),
      ...env,
    },
  });
  let logs = '';
  child.stdout?.on('data', (d: Buffer) => (logs += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (logs += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited (${child.exitCode}):\n${logs}`);
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the API did not become healthy within 60 s:\n${logs}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
    process: child,
    logs: () => logs,
    stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      await exited;
    },
  };
}

export type SpawnedWorker = { process: ChildProcess; logs(): string; kill(signal?: NodeJS.Signals): Promise<void> };

/** Starts a worker process (ROLE=worker, no HTTP) and waits until it says it has started. */
export async function spawnWorker(databaseUrl: string, env: Record<string, string> = {}): Promise<SpawnedWorker> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'apps/api/src/main.ts')], {
    cwd: ROOT,
    env: {
      ...baseEnv(),
      SWC_NODE_PROJECT: join(ROOT, 'tsconfig.runtime.json'),
      NODE_ENV: 'test',
      ROLE: 'worker',
      LOG_LEVEL: 'info',
      DATABASE_URL: databaseUrl,
      REDIS_URL: serviceUrls().redisUrl,
      REDIS_PREFIX: testRedisPrefix(),
      ...env,
    },
  });
  let logs = '';
  child.stdout?.on('data', (d: Buffer) => (logs += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (logs += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  while (!logs.includes('worker started')) {
    if (child.exitCode !== null) throw new Error(`the worker exited (${child.exitCode}):\n${logs}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the worker did not start within 60 s:\n${logs}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    process: child,
    logs: () => logs,
    kill: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
