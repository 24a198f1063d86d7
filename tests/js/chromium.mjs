// Headless Debian chromium for the browser tests, with the flags ../shared/toolchain.md
// lists (no sandbox in the container, no GPU, nothing fetched in the background). `options`
// go to playwright's launch (a suite that needs the popup blocker a user has turns it on).
import { chromium } from 'playwright-core';

export const launch = (options = {}) => chromium.launch({
  ...options,
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});

/**
 * Polls `fn` in the page until it resolves to a truthy value; throws after `timeout` ms.
 * For async checks (the Cache API, IndexedDB): playwright's waitForFunction takes the promise
 * an async function returns as its (truthy) answer and does not wait at all.
 */
export async function until(page, fn, { arg, timeout = 10_000, what = String(fn) } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    if (await page.evaluate(fn, arg)) return;
    if (Date.now() > end) throw new Error(`not within ${timeout} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
