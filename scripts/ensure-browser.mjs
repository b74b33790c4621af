// Makes sure the e2e tests have a browser before they start, so a fresh machine
// needs nothing by hand: Playwright's own Chromium if present, else Debian's
// `chromium` package, installed here when missing and we are root.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolveChromiumPath, DEBIAN_CHROMIUM } from './browser-path.mjs';

const found = resolveChromiumPath();
if (found === undefined) {
  console.log('[ensure-browser] using Playwright\'s bundled Chromium');
  process.exit(0);
}
if (found !== null && existsSync(found)) {
  console.log(`[ensure-browser] using ${found}`);
  process.exit(0);
}
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot || !existsSync('/usr/bin/apt-get')) {
  console.error(
    '[ensure-browser] No Chromium found. Install one of:\n' +
      '  - Playwright\'s browser:   npx playwright install chromium\n' +
      '  - Debian\'s package:       sudo apt-get install -y chromium\n' +
      'or point CHROMIUM_PATH at a Chromium/Chrome binary.',
  );
  process.exit(1);
}
console.log('[ensure-browser] installing Debian chromium (about a minute)…');
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execSync('apt-get update -qq', { stdio: 'inherit', env });
execSync('apt-get install -y -qq chromium', { stdio: 'inherit', env });
if (!existsSync(DEBIAN_CHROMIUM)) {
  console.error(`[ensure-browser] apt-get finished but ${DEBIAN_CHROMIUM} is missing.`);
  process.exit(1);
}
console.log(`[ensure-browser] installed ${DEBIAN_CHROMIUM}`);
