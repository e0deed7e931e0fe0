// Real headless Chromium from Debian (never a test tool's own download), driven by playwright-core.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

export function browserRequirement(): { skip: string | false } {
  if (existsSync(CHROMIUM)) return { skip: false };
  if (process.env['CI'] === 'true') throw new Error(`${CHROMIUM} is required under CI=true (apt-get install -y chromium)`);
  const msg = '!!! SKIPPED: Debian chromium is not installed, so no browser tests ran (apt-get install -y chromium) !!!';
  process.stderr.write(`\n${msg}\n\n`);
  return { skip: msg };
}

export async function launch(): Promise<Browser> {
  await mkdir(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
