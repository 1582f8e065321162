#!/usr/bin/env node
// Runs the ava suite twice, under TZ=UTC and TZ=America/Toronto (no code path may read the process time zone),
// streams ava's TAP output, and ends with one line "N passed, N failed[, N skipped]" summed over both runs.
// Exits non-zero when any test failed or a run crashed. Extra arguments are passed to ava (e.g. a file glob).
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const avaCli = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', 'ava', 'entrypoints', 'cli.mjs');
const zones = ['UTC', 'America/Toronto'];
const total = { pass: 0, fail: 0, skip: 0, todo: 0 };
let crashed = false;

for (const tz of zones) {
  process.stdout.write(`# ava under TZ=${tz}\n`);
  const counts = await new Promise((resolve) => {
    const child = spawn(process.execPath, [avaCli, '--tap', ...process.argv.slice(2)], {
      env: { ...process.env, TZ: tz, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const c = { pass: 0, fail: 0, skip: 0, todo: 0, seen: false };
    let buf = '';
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      buf += d;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        const m = /^# (pass|fail|skip|todo) (\d+)/.exec(line);
        if (m) {
          c[m[1]] = Number(m[2]);
          c.seen = true;
        }
      }
    });
    child.on('close', (code) => resolve({ ...c, code }));
  });
  if (!counts.seen || (counts.code !== 0 && counts.fail === 0)) crashed = true;
  for (const k of Object.keys(total)) total[k] += counts[k];
}

if (crashed) total.fail = Math.max(total.fail, 1);
const skipped = total.skip + total.todo;
process.stdout.write(`${total.pass} passed, ${total.fail} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exitCode = total.fail ? 1 : 0;
