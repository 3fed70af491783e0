import { AppConfig, loadConfig } from './config';

/** The one place that reads the process environment: `overrides` win over it, `defaults` only fill what it leaves unset. */
export function configFromProcess(overrides: Record<string, string> = {}, defaults: Record<string, string> = {}): AppConfig {
  return loadConfig({ ...defaults, ...process.env, ...overrides });
}

/** A secret handed to a command-line tool through the environment (never its arguments, which other users can read). */
export function secretFromProcess(name: 'GAN119_PASSWORD'): string {
  return process.env[name] ?? '';
}
