import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** The H5 build the browser tests drive (`npm run build:h5 -w miniprogram`). */
export const H5_DIR = path.join(__dirname, '../../../miniprogram/dist/h5');

/**
 * Debian's Chromium, never a downloaded browser. Without the background-networking flags Chromium keeps
 * trying hosts this closed network refuses; playwright gives every launch a fresh, empty profile of its own.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
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
