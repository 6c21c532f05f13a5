import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, driven by playwright-core: nothing downloaded, nothing fetched from outside. */
export const CHROMIUM = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export const VIEWPORTS = [
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, deviceScaleFactor: 2 },
  { name: 'desktop', viewport: { width: 1280, height: 900 }, isMobile: false, deviceScaleFactor: 1 },
] as const;

/** Where screenshots go (kept after the run, to be looked at): $SMOKEGUARD_SCREENSHOTS or a dir in /tmp. */
export function screenshotDir(name: string): string {
  const dir = join(process.env.SMOKEGUARD_SCREENSHOTS ?? '/tmp/smokeguard-screenshots', name);
  mkdirSync(dir, { recursive: true });
  return dir;
}
