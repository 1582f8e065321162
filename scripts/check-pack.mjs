#!/usr/bin/env node
// `npm run check:pack`: the published package as a stranger gets it. `npm pack` (which builds dist/ through
// `prepare`), a look at what the tarball holds (dist/, data/, docs/, bin/; no src/, no test/), an install into an empty
// folder, then `vigie --version`, `vigie demo` and `vigie report --pdf` run there with the network cut off (in a
// network namespace of their own, where the machine allows one; said when it does not). Exit 1 on any failure.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'vigie-pack-'));
const failures = [];
const step = (what, ok, detail = '') => {
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? `: ${detail}` : ''}\n`);
  if (!ok) failures.push(what);
};
try {
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }))[0];
  const files = packed.files.map((f) => f.path);
  step('npm pack', true, `${packed.filename}, ${files.length} files, ${(packed.size / 1024).toFixed(0)} KiB`);
  step('the package holds the compiled program', files.includes('dist/cli.js') && files.includes('bin/vigie.js'));
  step('the package holds data/ and docs/', files.includes('data/standards/montreal.yaml') && files.includes('docs/methods.md'));
  const strays = files.filter((f) => /^(src|test|bench|scripts)\//.test(f) || f.endsWith('.ts'));
  step('no sources, tests or benches in the package', strays.length === 0, strays.slice(0, 5).join(', '));

  const app = join(work, 'app');
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'pack-check', version: '1.0.0', private: true }));
  const install = spawnSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, packed.filename)], { cwd: app, encoding: 'utf8' });
  step('npm install of the tarball into an empty folder', install.status === 0, install.status === 0 ? '' : install.stderr.slice(-400));

  // the network cut off where the machine lets us make a namespace without one
  const offline = spawnSync('unshare', ['-n', 'true']).status === 0;
  process.stdout.write(offline ? 'the commands below run with no network (unshare -n)\n'
    : 'note: no network namespace here (unshare -n needs root): the commands below run with the network as it is\n');
  const vigie = (...args) => spawnSync(offline ? 'unshare' : 'npx', offline ? ['-n', 'npx', '--no-install', 'vigie', ...args] : ['--no-install', 'vigie', ...args],
    { cwd: app, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', LANG: 'C' } });
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  const v = vigie('--version');
  step('npx vigie --version', v.status === 0 && v.stdout.trim() === version, v.stdout.trim() || v.stderr.trim());
  const d = vigie('demo');
  step('npx vigie demo', d.status === 0 && existsSync(join(app, 'vigie-demo', 'vigie.duckdb')), d.status === 0 ? '' : d.stderr.slice(-400));
  const chromium = ['chromium', 'chromium-browser', 'google-chrome'].some((c) => spawnSync('which', [c]).status === 0);
  if (!chromium) process.stdout.write('skip report --pdf: no Chromium on this machine\n');
  else {
    const r = vigie('report', '--store', 'vigie-demo/vigie.duckdb', '--period', '2018-09', '--out', 'pdf-check', '--pdf');
    step('npx vigie report --pdf', r.status === 0 && existsSync(join(app, 'pdf-check', 'report.pdf')), r.status === 0 ? '' : r.stderr.slice(-400));
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.stdout.write(`check:pack: ${failures.length ? `${failures.length} failure(s)` : 'the package installs and runs'}\n`);
process.exitCode = failures.length ? 1 : 0;
