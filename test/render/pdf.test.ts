/**
 * The report in a real browser: headless Chromium, when this machine has one, opens index.html (a screenshot with ink
 * on it, no console message: no blocked load, no error) and prints report.pdf with --pdf. Without Chromium these skip
 * with a message; --pdf then fails with exit 1 and says how to install it, after writing the HTML.
 */
import test from 'ava';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, vigie } from '../_helpers/cli.ts';
import { reportStore } from '../_helpers/report-fixture.ts';
import { inspectPng } from '../_helpers/png.ts';
import { findChromium, runChromium } from '../../src/render/pdf.ts';

const chromium = findChromium(process.env.VIGIE_CHROMIUM, process.env);
const withChromium = chromium ? test : test.skip;
if (!chromium) console.log('# skipped: no Chromium on PATH (apt install chromium) — the browser tests of the report do not run');

test('--pdf without a Chromium fails clearly after writing the HTML', async (t) => {
  const dir = tempDir(t);
  await reportStore(t, dir);
  const r = await vigie(dir, ['report', '--period', '2018-09', '--out', 'out', '--pdf', '--chromium', join(dir, 'no-such-chromium')]);
  t.is(r.code, 1);
  t.regex(r.stderr, /--pdf needs Chromium .*no-such-chromium.*apt install chromium/);
  t.notRegex(r.stderr, /\n\s+at /);
  t.true(existsSync(join(dir, 'out', 'index.html')));
  t.false(existsSync(join(dir, 'out', 'report.pdf')));
});

withChromium('headless Chromium: the page renders with ink and no console message; --pdf prints letter pages', async (t) => {
  const dir = tempDir(t);
  await reportStore(t, dir);
  const r = await vigie(dir, ['report', '--period', '2018-09', '--out', 'out', '--pdf', '--chromium', chromium!]);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /PDF écrit : out\/report\.pdf|PDF written: out\/report\.pdf/);
  const pdf = readFileSync(join(dir, 'out', 'report.pdf'));
  t.is(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  t.true(pdf.length > 20_000, String(pdf.length));
  // US letter: 612 × 792 points
  t.regex(pdf.toString('latin1'), /\/MediaBox \[0 0 612 792\]/);
  const manifest = JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8'));
  t.true(manifest.files.includes('report.pdf'));

  const shot = join(dir, 'shot.png');
  const { stderr } = runChromium(chromium!, join(dir, 'out', 'index.html'),
    ['--enable-logging=stderr', '--v=0', '--window-size=1200,2400', '--hide-scrollbars', `--screenshot=${shot}`]);
  const console = stderr.split('\n').filter((l) => /:CONSOLE[:(]/.test(l));
  t.deepEqual(console, []);
  const info = inspectPng(readFileSync(shot));
  t.is(info.width, 1200);
  t.true(info.inkShare > 0.03, JSON.stringify(info));
});
