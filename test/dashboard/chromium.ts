/**
 * Real Chromium for the browser tests: Debian's /usr/bin/chromium (never a downloaded one), the
 * flags this sandbox needs, and where screenshots go. Tests are skipped, loudly, without it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';
export const SHOTS = path.resolve(__dirname, '../../test-output/screenshots');
const available = fs.existsSync(CHROME);
if (!available) {
  console.warn(`Browser tests skipped: no Chromium at ${CHROME}. Install it (apt-get install -y chromium) or set CHROME_PATH; CI installs it.`);
}
export const browserDescribe = available ? describe : describe.skip;

/** `extraArgs`: further Chromium switches, e.g. `--host-resolver-rules` to reach the test server by an office-LAN name. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROME,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...extraArgs],
  });
}

/** One browser for a test file: pages the size of an office PC (1366×768, Indonesian locale), all closed with it. */
export interface OfficeBrowser {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function officeBrowser(extraArgs: string[] = []): Promise<OfficeBrowser> {
  const browser = await launchChromium(extraArgs);
  const contexts: BrowserContext[] = [];
  return {
    async newPage() {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'id-ID' });
      contexts.push(context);
      return context.newPage();
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
    },
  };
}

/** A new page signed in to the dashboard as this user. */
export async function signedInPage(office: OfficeBrowser, baseUrl: string, username: string, password: string): Promise<Page> {
  const page = await office.newPage();
  await page.goto(`${baseUrl}/dashboard/login`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(/\/dashboard\/(?!login)/), page.click('button[type=submit]')]);
  return page;
}
