import { mkdirSync } from 'fs';
import { join } from 'path';
import { Browser, chromium } from 'playwright-core';

/** Debian's Chromium through playwright-core: never a downloaded browser. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Where browser tests save screenshots (kept as test artefacts). */
export function artefactPath(name: string): string {
  const dir = join(__dirname, '..', '..', '..', 'test-artifacts');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}
