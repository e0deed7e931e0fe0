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

export async function launch(extraArgs: string[] = []): Promise<Browser> {
  await mkdir(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
  });
}

/** Chromium's fake camera playing a Y4M file: the webcam path without a webcam. */
export function fakeCameraArgs(y4mFile: string): string[] {
  return ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${y4mFile}`];
}
