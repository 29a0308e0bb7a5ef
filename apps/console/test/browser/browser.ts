/**
 * Debian's Chromium driven by playwright-core. The test command installs Chromium when it is
 * missing (scripts/test.sh); the flags keep it off the network this machine does not have.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO_ROOT } from '@spot-provisioner/infra';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.join(REPO_ROOT, '.local', 'screenshots');
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Playwright gives every launch a fresh, empty profile directory of its own. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is missing at ${CHROMIUM_PATH}: scripts/test.sh installs it (apt-get install chromium), or set CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS, headless: true });
}

/** Saves a full-page screenshot as .local/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Every error the page logs to its console (Chromium logs each failed request there, a
 * missing favicon included) and every uncaught exception. After each test, any not expected
 * by name fails it: a test expects only the errors it provokes on purpose, and says why.
 */
export class ConsoleErrors {
  private logged: string[] = [];
  private readonly expected: { readonly pattern: RegExp; readonly why: string }[] = [];

  constructor(page: Page) {
    page.on('console', (message) => {
      if (message.type() === 'error') this.logged.push(`${message.text()} [${message.location().url}]`);
    });
    page.on('pageerror', (error) => this.logged.push(`uncaught ${error.name}: ${error.message}`));
  }

  /** An error a test provokes on purpose (a wrong token, a refused definition); holds for the rest of the run. */
  expect(pattern: RegExp, why: string): void {
    this.expected.push({ pattern, why });
  }

  /** The errors logged since the last call that no expectation explains. */
  unexpected(): string[] {
    const errors = this.logged.filter((error) => !this.expected.some(({ pattern }) => pattern.test(error)));
    this.logged = [];
    return errors;
  }
}
