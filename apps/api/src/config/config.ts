import { existsSync } from 'fs';
import { resolve } from 'path';
import { z } from 'zod';

const ROOT = resolve(__dirname, '../../../..');
/**
 * The one data directory (the data pack: real boundaries, roads, water, dispatch history): DATA_DIR
 * when set, else ../shared/data beside the checkout. It is read where it is, never copied in; what
 * reads it says which path was missing (dataFile).
 */
export function defaultDataDir(): string {
  return resolve(ROOT, '../shared/data');
}

/** A file of the data pack, or an error naming where it was looked for (and how to point elsewhere). */
export function dataFile(dataDir: string, ...parts: string[]): string {
  const path = resolve(dataDir, ...parts);
  if (!existsSync(path))
    throw new Error(`the data pack has no ${parts.join('/')} at ${dataDir} (set DATA_DIR to the data pack, default ../shared/data beside the checkout)`);
  return path;
}

/**
 * The whole configuration, validated once at boot. Every variable is documented with its default in
 * .env.example; nothing else in the code reads process.env.
 */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(1).max(65535).default(8119),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(15000),
  DB_LOCK_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  DB_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(5000),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL'),
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9_:-]{1,40}$/, 'a-z, 0-9, _ - and : only')
    .default('gan119:'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CONSOLE_DIST: z.string().default('apps/console/dist'),
  DATA_DIR: z.string().min(1).optional(),
  HEALTH_TIMEOUT_MS: z.coerce.number().int().min(100).default(3000),
  ROUTING_SNAP_MAX_M: z.coerce.number().min(10).max(100000).default(6000),
  ROUTING_MAX_SOURCES: z.coerce.number().int().min(1).max(10000).default(500),
  /** the contraction hierarchy beside the plain search (off: the plain search answers everything) */
  ROUTING_HIERARCHY: z.enum(['on', 'off']).default('on'),
  AVL_STALE_S: z.coerce.number().int().min(5).default(120),
  ESCALATION_ACK_S: z.coerce.number().int().min(1).max(3600).default(60),
  ESCALATION_SWEEP_S: z.coerce.number().int().min(1).max(3600).default(15),
  ESCALATION_LOCK_MS: z.coerce.number().int().min(500).default(30000),
  /** how long an escalation waits for the road graph of a process that is still loading it, before alerting without a proposal */
  ESCALATION_GRAPH_WAIT_S: z.coerce.number().int().min(1).max(3600).default(120),
  TOKEN_SECRET: z.string().min(16, 'must be at least 16 characters').default('dev-only-secret-change-me'),
  AVL_MAX_AGE_S: z.coerce.number().int().min(60).default(86400),
  DEMO_TOKENS: z.enum(['true', 'false']).optional(),
  ACCESS_TOKEN_TTL_S: z.coerce.number().int().min(5).max(86400).default(900),
  REFRESH_TOKEN_TTL_S: z.coerce
    .number()
    .int()
    .min(60)
    .max(30 * 86400)
    .default(43200),
  AUTH_REQUIRED: z.enum(['true', 'false']).optional(),
  LOGINS_PER_MIN: z.coerce.number().int().min(1).max(100000).default(10),
  SOCKET_MSGS_PER_S: z.coerce.number().int().min(1).max(100000).default(20),
  DEMO_SIMULATOR: z.enum(['true', 'false']).default('false'),
  DEMO_SIMULATOR_SPEED: z.coerce.number().min(1).max(120).default(1),
  /** the demo partner agencies' endpoint (answered by the worker while the demo simulator runs) */
  DEMO_PARTNER_PORT: z.coerce.number().int().min(1).max(65535).default(9120),
  BASEMAP_URL: z
    .string()
    .regex(/^https?:\/\/[^\s]+$/, 'must be an http(s) URL')
    .refine((u) => ['{z}', '{x}', '{y}'].every((p) => u.includes(p)), 'must contain {z}, {x} and {y}')
    .optional(),
  BASEMAP_CRS: z.enum(['WGS84', 'GCJ02']).default('WGS84'),
  /** the MQTT broker the 智赣119 terminals publish to (none: MQTT intake off) */
  IOT_MQTT_URL: z
    .string()
    .regex(/^mqtts?:\/\/[^\s]+$/, 'must be an mqtt:// or mqtts:// URL')
    .optional(),
  /** the topic root: terminals publish to <root>/<platform>/up, refusals go back on <root>/<platform>/refused */
  IOT_MQTT_ROOT: z
    .string()
    .regex(/^[a-z0-9_-]{1,40}(\/[a-z0-9_-]{1,40}){0,3}$/, 'must be topic levels of a-z, 0-9, _ and -')
    .default('gan119/iot'),
  /** the subscriber's client id: stable, so its session (and what the broker holds for it) survives a restart; one per process */
  IOT_MQTT_CLIENT_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,60}$/)
    .optional(),
  /** the GB/T 26875.3 TCP gateway's port for user information transmission devices (none: off) */
  IOT_TCP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  IOT_TCP_HOST: z.string().default('0.0.0.0'),
  /** seconds an alarm to verify waits for the monitoring operator before it confirms by itself */
  IOT_VERIFY_COUNTDOWN_S: z.coerce.number().int().min(10).max(3600).default(120),
  IOT_PLATFORM_MSGS_PER_S: z.coerce.number().int().min(1).max(1000000).default(50000),
  IOT_DEVICE_MSGS_PER_MIN: z.coerce.number().int().min(1).max(100000).default(60),
  /** how many demo terminals `npm run up` registers */
  IOT_DEMO_DEVICES: z.coerce.number().int().min(0).max(2000000).default(1000000),
  BASEMAP_ATTRIBUTION: z.string().max(200).default(''),
  STANDARDS_DIR: z.string().min(1).optional(),
  /** how many messages the outbox has in flight at once (per worker), and how long a partner may take to answer */
  PARTNER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  PARTNER_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(5000),
  /** how long a claimed message is a worker's: one killed mid-delivery leaves it to be sent again (same idempotency key) after this */
  PARTNER_LEASE_MS: z.coerce.number().int().min(1000).max(600000).default(30000),
});

export type AppConfig = {
  env: 'development' | 'production' | 'test';
  role: 'all' | 'api' | 'worker';
  http: { host: string; port: number };
  db: { url: string; poolSize: number; statementTimeoutMs: number; lockTimeoutMs: number; acquireTimeoutMs: number };
  redis: { url: string; prefix: string };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  consoleDist: string;
  /** where the data set is read from (boundaries, water, …) */
  dataDir: string;
  healthTimeoutMs: number;
  routing: { snapMaxM: number; maxSources: number; hierarchy: boolean };
  avl: { staleAfterS: number; maxAgeS: number };
  tokenSecret: string;
  /** a login's access token (short) and refresh token (a shift) */
  auth: { accessTtlS: number; refreshTtlS: number; loginsPerMin: number; required: boolean };
  /** what one socket may send: this many messages a second, twice that in a burst */
  socketMsgsPerS: number;
  /** POST /api/live/demo-token hands out socket tokens without a login (where sign-in is not required); never in production */
  demoTokens: boolean;
  /** drive dispatched units along their routes (demo data only) */
  demoSimulator: boolean;
  /** the demo simulator's time factor (1: real time) */
  demoSimulatorSpeed: number;
  demoPartnerPort: number;
  /** an online raster basemap for the console (e.g. Tianditu with a key), in WGS84 or GCJ-02 tiles; none by default */
  basemap: { url: string; crs: 'WGS84' | 'GCJ02'; attribution: string } | null;
  escalation: { ackS: number; sweepS: number; lockMs: number; graphWaitS: number };
  iot: {
    mqttUrl: string | null;
    mqttRoot: string;
    mqttClientId: string | null;
    tcp: { host: string; port: number } | null;
    countdownS: number;
    platformMsgsPerS: number;
    deviceMsgsPerMin: number;
    demoDevices: number;
  };
  /** the public standards' schemas (EIDO, CAP) */
  standardsDir: string;
  partners: { concurrency: number; timeoutMs: number; leaseMs: number };
};

export class ConfigError extends Error {}

/** Parses an environment-like record into the typed configuration, or throws naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const r = schema.safeParse(env);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const c = r.data;
  if (c.NODE_ENV === 'production' && c.DEMO_SIMULATOR === 'true') {
    throw new ConfigError('invalid configuration:\n  DEMO_SIMULATOR: never in production (it moves real units)');
  }
  if (c.NODE_ENV === 'production' && c.DEMO_TOKENS === 'true') {
    throw new ConfigError('invalid configuration:\n  DEMO_TOKENS: never in production (anyone could act as any unit)');
  }
  if (c.NODE_ENV === 'production' && c.AUTH_REQUIRED === 'false') {
    throw new ConfigError('invalid configuration:\n  AUTH_REQUIRED: never false in production (anyone could dispatch)');
  }
  const authRequired = c.AUTH_REQUIRED ? c.AUTH_REQUIRED === 'true' : c.NODE_ENV === 'production';
  // the default secret is published: with sign-in required it would let anyone sign their own admin token
  if ((c.NODE_ENV === 'production' || authRequired) && c.TOKEN_SECRET === 'dev-only-secret-change-me') {
    throw new ConfigError(
      `invalid configuration:\n  TOKEN_SECRET: set a secret of your own ${c.NODE_ENV === 'production' ? 'in production' : 'when sign-in is required (AUTH_REQUIRED=true)'}`,
    );
  }
  return {
    env: c.NODE_ENV,
    role: c.ROLE,
    http: { host: c.HOST, port: c.PORT },
    db: {
      url: c.DATABASE_URL,
      poolSize: c.DB_POOL_SIZE,
      statementTimeoutMs: c.DB_STATEMENT_TIMEOUT_MS,
      lockTimeoutMs: c.DB_LOCK_TIMEOUT_MS,
      acquireTimeoutMs: c.DB_ACQUIRE_TIMEOUT_MS,
    },
    redis: { url: c.REDIS_URL, prefix: c.REDIS_PREFIX },
    logLevel: c.LOG_LEVEL,
    consoleDist: c.CONSOLE_DIST,
    dataDir: c.DATA_DIR ? resolve(c.DATA_DIR) : defaultDataDir(),
    healthTimeoutMs: c.HEALTH_TIMEOUT_MS,
    routing: { snapMaxM: c.ROUTING_SNAP_MAX_M, maxSources: c.ROUTING_MAX_SOURCES, hierarchy: c.ROUTING_HIERARCHY === 'on' },
    avl: { staleAfterS: c.AVL_STALE_S, maxAgeS: c.AVL_MAX_AGE_S },
    tokenSecret: c.TOKEN_SECRET,
    socketMsgsPerS: c.SOCKET_MSGS_PER_S,
    auth: { accessTtlS: c.ACCESS_TOKEN_TTL_S, refreshTtlS: c.REFRESH_TOKEN_TTL_S, loginsPerMin: c.LOGINS_PER_MIN, required: authRequired },
    demoTokens: c.DEMO_TOKENS ? c.DEMO_TOKENS === 'true' : c.NODE_ENV !== 'production' && !authRequired,
    demoSimulator: c.DEMO_SIMULATOR === 'true',
    demoSimulatorSpeed: c.DEMO_SIMULATOR_SPEED,
    demoPartnerPort: c.DEMO_PARTNER_PORT,
    basemap: c.BASEMAP_URL ? { url: c.BASEMAP_URL, crs: c.BASEMAP_CRS, attribution: c.BASEMAP_ATTRIBUTION } : null,
    escalation: { ackS: c.ESCALATION_ACK_S, sweepS: c.ESCALATION_SWEEP_S, lockMs: c.ESCALATION_LOCK_MS, graphWaitS: c.ESCALATION_GRAPH_WAIT_S },
    iot: {
      mqttUrl: c.IOT_MQTT_URL ?? null,
      mqttRoot: c.IOT_MQTT_ROOT,
      mqttClientId: c.IOT_MQTT_CLIENT_ID ?? null,
      tcp: c.IOT_TCP_PORT ? { host: c.IOT_TCP_HOST, port: c.IOT_TCP_PORT } : null,
      countdownS: c.IOT_VERIFY_COUNTDOWN_S,
      platformMsgsPerS: c.IOT_PLATFORM_MSGS_PER_S,
      deviceMsgsPerMin: c.IOT_DEVICE_MSGS_PER_MIN,
      demoDevices: c.IOT_DEMO_DEVICES,
    },
    // the standards sit beside the data pack (../shared/standards beside ../shared/data)
    standardsDir: c.STANDARDS_DIR ? resolve(c.STANDARDS_DIR) : resolve(c.DATA_DIR ? resolve(c.DATA_DIR) : defaultDataDir(), '..', 'standards'),
    partners: { concurrency: c.PARTNER_CONCURRENCY, timeoutMs: c.PARTNER_TIMEOUT_MS, leaseMs: Math.max(c.PARTNER_LEASE_MS, c.PARTNER_TIMEOUT_MS * 2) },
  };
}

/** The injection token under which the validated configuration is provided. */
export const APP_CONFIG = Symbol('APP_CONFIG');
