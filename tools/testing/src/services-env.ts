import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

/**
 * The service URLs for tests: the environment when it names them, else what scripts/services.sh
 * settled on (.data/services.env). Tests never touch the demo database: they use their own.
 */
export function serviceUrls(): { databaseUrl: string; redisUrl: string; mqttUrl: string | null } {
  let { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, IOT_MQTT_URL: mqttUrl } = process.env;
  const file = join(__dirname, '..', '..', '..', '.data', 'services.env');
  if ((!databaseUrl || !redisUrl || !mqttUrl) && existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const m = /^(DATABASE_URL|REDIS_URL|IOT_MQTT_URL)=(.*)$/.exec(line.trim());
      if (m?.[1] === 'DATABASE_URL') databaseUrl ??= m[2];
      if (m?.[1] === 'REDIS_URL') redisUrl ??= m[2];
      if (m?.[1] === 'IOT_MQTT_URL' && m[2]) mqttUrl ??= m[2];
    }
  }
  if (!databaseUrl || !redisUrl) {
    throw new Error('no DATABASE_URL / REDIS_URL: run `npm test` (it starts the services) or `bash scripts/services.sh`');
  }
  return { databaseUrl, redisUrl, mqttUrl: mqttUrl ?? null };
}

/** The same server URL with another database name. */
export function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** Each test project has its own template and database prefix, so projects can run side by side. */
export function testProject(): string {
  const p = process.env.GAN119_TEST_PROJECT;
  if (!p) throw new Error('GAN119_TEST_PROJECT is not set: run the tests through their jest config (global setup)');
  return p;
}
export const templateDb = (project = testProject()) => `gan119_tpl_${project}`;
export const dbPrefix = (project = testProject()) => `gan119_t_${project}_`;
