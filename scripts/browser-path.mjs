// Which Chromium the end-to-end tests drive: Playwright's own build when it is
// installed (a developer laptop), else Debian's /usr/bin/chromium (CI, this
// workplace, where Playwright cannot download its browser).
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** undefined means "use Playwright's bundled browser". */
export function resolveChromiumPath() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    if (existsSync(chromium.executablePath())) return undefined;
  } catch {
    // No bundled browser registered: fall through to the system one.
  }
  return existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : null;
}
