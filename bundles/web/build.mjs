// Builds the browser app into the bundle: node build.mjs --out=<dir> [--watch]
// Uses the machine's node/npm only. npm ci runs only when node_modules is missing or older than the lock
// file, so repeated Maven builds stay fast and work offline once the npm cache holds the packages.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, rmSync, mkdirSync, readFileSync, writeFileSync, readdirSync, copyFileSync } from 'node:fs';
import { join, dirname, relative, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const args = Object.fromEntries(process.argv.slice(2).map((a) => {
  const [k, v] = a.replace(/^--/, '').split('=');
  return [k, v ?? true];
}));
const out = args.out ? args.out : join(here, 'target/classes/static');
const webapp = join(here, 'src/main/webapp');

function ensureDependencies() {
  const lock = join(here, 'package-lock.json');
  const installed = join(here, 'node_modules/.package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log('[web] npm ci (node_modules missing or older than package-lock.json)');
  const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts'], { cwd: here, stdio: 'inherit' });
  if (npm.status !== 0) {
    console.error('[web] npm ci failed: the UI needs the npm registry once (or a filled npm cache)');
    process.exit(npm.status ?? 1);
  }
}

function writeIndex(metafile) {
  const outputs = Object.entries(metafile.outputs);
  const entry = outputs.find(([, o]) => o.entryPoint && o.entryPoint.endsWith('main.jsx'));
  if (!entry) throw new Error('no entry output');
  const js = '/' + relative(out, entry[0]).split('\\').join('/');
  const css = entry[1].cssBundle ? '/' + relative(out, entry[1].cssBundle).split('\\').join('/') : null;
  let html = readFileSync(join(webapp, 'index.html'), 'utf8');
  html = html.replace('%APP_JS%', js).replace('%APP_CSS%', css ?? '');
  writeFileSync(join(out, 'index.html'), html);
}

function copyPublic() {
  const pub = join(webapp, 'public');
  if (!existsSync(pub)) return;
  for (const name of readdirSync(pub)) copyFileSync(join(pub, name), join(out, name));
}

/** Pre-compressed copies: the servlet sends name.gz with Content-Encoding: gzip when the browser accepts it. */
function gzipAll(dir) {
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, name.name);
    if (name.isDirectory()) { gzipAll(p); continue; }
    if (!['.js', '.css', '.html', '.svg', '.json', '.webmanifest'].includes(extname(p))) continue;
    const data = readFileSync(p);
    if (data.length < 1024) continue;
    writeFileSync(p + '.gz', gzipSync(data, { level: constants.Z_BEST_COMPRESSION }));
  }
}

ensureDependencies();
const esbuild = await import('esbuild');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const options = {
  entryPoints: [join(webapp, 'src/main.jsx')],
  outdir: out,
  bundle: true,
  format: 'esm',
  splitting: true,
  minify: !args.watch,
  sourcemap: args.watch ? 'inline' : false,
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  entryNames: 'assets/[name]-[hash]',
  chunkNames: 'assets/chunk-[hash]',
  assetNames: 'assets/[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
  legalComments: 'linked',
};

if (args.watch) {
  const ctx = await esbuild.context({
    ...options,
    plugins: [{ name: 'index', setup(b) { b.onEnd((r) => { if (r.metafile) { writeIndex(r.metafile); copyPublic(); console.log('[web] rebuilt'); } }); } }],
  });
  await ctx.watch();
  console.log('[web] watching; files go to ' + out);
} else {
  const started = Date.now();
  const result = await esbuild.build(options);
  writeIndex(result.metafile);
  copyPublic();
  gzipAll(out);
  const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  console.log(`[web] built ${Object.keys(result.metafile.outputs).length} files, ${Math.round(bytes / 1024)} KiB, in ${Date.now() - started} ms -> ${out}`);
}
