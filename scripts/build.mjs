#!/usr/bin/env node
// `npm run build`: compiles src/ to dist/ with the TypeScript compiler (tsconfig.build.json), from an empty dist/ so
// that a file removed from src/ leaves nothing behind. tsc, not a bundler: dist/ keeps src/'s layout, so every
// `new URL('../../data/…', import.meta.url)` finds the package's data/ from dist/ as it does from src/, and the
// dynamic imports that keep the start fast stay separate files.
//
// One module is bundled: commander, into dist/vendor/commander.js (ES module, with its licence beside it), and the
// compiled files import it from there. Loaded from node_modules, commander is CommonJS behind an ESM wrapper: Node
// resolves the package, loads its CommonJS machinery and translates the module, which took 25–30 ms of every start
// on a 2-core machine; the bundle loads in 15 ms (`vigie compliance --help`, medians of 10: 0.154 s before, 0.145 s
// with the bundle and child_process loaded on first use). esbuild is the bundler tsx already runs on.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const require = createRequire(import.meta.url);
rmSync(dist, { recursive: true, force: true });
const r = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (r.status !== 0) {
  process.exitCode = r.status ?? 1;
} else {
  const commanderDir = dirname(require.resolve('commander'));
  const commanderVersion = JSON.parse(readFileSync(join(commanderDir, 'package.json'), 'utf8')).version;
  const vendor = join(dist, 'vendor');
  mkdirSync(vendor, { recursive: true });
  const { build } = await import('esbuild');
  // commander loads child_process at once, for the executable subcommands vigie does not have (5 ms of a start): the
  // bundle takes it when a property of it is first read.
  const lazyChildProcess = {
    name: 'lazy-child-process',
    setup(b) {
      b.onResolve({ filter: /^node:child_process$/ }, () => ({ path: 'child_process', namespace: 'lazy' }));
      b.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
        loader: 'js',
        contents: `let m; module.exports = new Proxy({}, { get(_, k) { m ??= require('child_process'); return m[k]; } });`,
      }));
    },
  };
  await build({
    plugins: [lazyChildProcess],
    entryPoints: [join(commanderDir, 'esm.mjs')], bundle: true, platform: 'node', format: 'esm', target: 'node20',
    outfile: join(vendor, 'commander.js'), logLevel: 'error',
    banner: { js: `// commander ${commanderVersion} (MIT licence: commander.LICENSE), bundled by scripts/build.mjs\n`
      + `import { createRequire as __vigieRequire } from 'node:module';\nconst require = __vigieRequire(import.meta.url);` },
  });
  copyFileSync(join(commanderDir, 'LICENSE'), join(vendor, 'commander.LICENSE'));
  // every compiled import of 'commander' (static or dynamic) now names the bundle, by its path from the importing file
  const walk = (d) => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
  for (const file of walk(dist).filter((f) => f.endsWith('.js') && !f.startsWith(vendor))) {
    const text = readFileSync(file, 'utf8');
    if (!text.includes("'commander'")) continue;
    let to = relative(dirname(file), join(vendor, 'commander.js')).split(sep).join('/');
    if (!to.startsWith('.')) to = `./${to}`;
    writeFileSync(file, text.replace(/(\bfrom\s*|\bimport\(\s*)'commander'/g, `$1'${to}'`));
  }
}
