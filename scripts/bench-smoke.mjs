#!/usr/bin/env node
// `npm run bench:smoke`: every `bench:*` script of package.json run once at a small size, so that none rots. A bench
// exits non-zero when it crashes or when its numbers disagree with its hand-written SQL; that fails this run. Timing
// targets are printed by each bench (PASS/MISS) and not enforced here: a shared CI machine cannot hold them.
// A bench added to package.json without a small size below fails this run until it is given one.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SMALL = {
  'bench:start': ['--runs', '3'],
  'bench:import': ['--rows', '20000', '--runs', '1'],
  'bench:calls': ['--rows', '20000', '--runs', '1'],
  'bench:compliance': ['--rows', '20000', '--runs', '1'],
  'bench:follow-up': ['--tickets', '20000', '--runs', '1'],
  'bench:report': ['--rows', '20000', '--runs', '1'],
};
const scripts = Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts)
  .filter((s) => s.startsWith('bench:') && s !== 'bench:smoke');
const failed = [];
for (const name of scripts) {
  const args = SMALL[name];
  if (!args) {
    failed.push(`${name}: no small size in scripts/bench-smoke.mjs`);
    continue;
  }
  process.stdout.write(`\n# ${name} ${args.join(' ')}\n`);
  const t0 = Date.now();
  const r = spawnSync('npm', ['run', '-s', name, '--', ...args], { cwd: root, stdio: 'inherit' });
  process.stdout.write(`# ${name}: exit ${r.status ?? r.signal} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  if (r.status !== 0) failed.push(`${name}: exit ${r.status ?? r.signal}`);
}
process.stdout.write(`\nbench:smoke: ${scripts.length - failed.length} of ${scripts.length} benches ran and agree with their SQL`
  + `${failed.length ? `; failed:\n${failed.map((f) => `  - ${f}`).join('\n')}` : ''}\n`);
process.exitCode = failed.length ? 1 : 0;
