// Makes a fresh machine ready for the browser tests: Debian's chromium (Playwright must never download
// a browser of its own; the network here reaches only the package registries) and playwright-core.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

function run(cmd, args, opts = {}) {
  console.log('[web-e2e] ' + [cmd, ...args].join(' '));
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  return r.status === 0;
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  const root = process.getuid && process.getuid() === 0;
  if (!root && !run('sudo', ['-n', 'true'])) {
    console.error(`[web-e2e] ${CHROMIUM} is missing and this user may not install packages: apt-get install chromium`);
    process.exit(1);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) => (root ? run('apt-get', args, { env }) : run('sudo', ['-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args]));
  if (!(apt(['update', '-q']) && apt(['install', '-y', '-q', 'chromium', 'fonts-dejavu-core']))) {
    console.error('[web-e2e] apt-get install chromium failed');
    process.exit(1);
  }
  if (!existsSync(CHROMIUM)) {
    console.error(`[web-e2e] chromium installed but ${CHROMIUM} does not exist`);
    process.exit(1);
  }
}

function ensurePlaywright() {
  const lock = join(here, 'package-lock.json');
  const installed = join(here, 'node_modules/.package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  const env = { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' };
  if (!run('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts'], { cwd: here, env })) {
    console.error('[web-e2e] npm ci failed');
    process.exit(1);
  }
}

ensureChromium();
ensurePlaywright();
console.log('[web-e2e] ready: ' + spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).stdout.trim());
