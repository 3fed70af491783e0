import { AppConfig, loadConfig } from './config';

/** The one place that reads the process environment. */
export function configFromProcess(overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({ ...process.env, ...overrides });
}
