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
