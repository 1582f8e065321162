/**
 * Checks the calibration of the demo's call simulation (src/demo/calls.ts) against Montréal's published figures:
 * for seeds 1, 2 and 3 at scale 1, generates the calls, writes them as a vigie-calls CSV (to a temporary file, to time
 * the whole thing), and prints the city-wide F3 service level (answered with wait < 100 s / (answered + abandoned)) and
 * the abandonment (abandoned / (answered + abandoned + timeout)) for 2014, 2017, September 2018 and spring (March–May)
 * 2019, computed directly from the records, with the targets and PASS/MISS. Exits 1 when September 2018 misses its
 * ± 2 points for any seed.
 *
 *   npx tsx scripts/check-demo-calls.ts [--scale X] [--seeds 1,2,3]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SERVICE_THRESHOLD_SECONDS, TARGET_ABANDONMENT_SPRING_2019, TARGET_F3_2014, TARGET_F3_2017, TARGET_F3_SEPT_2018,
  TARGET_F3_SPRING_2019, callPlan, generateCalls, writeCallsCsv, type CallRecord,
} from '../src/demo/calls.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const scale = Number(arg('--scale', '1'));
const seeds = arg('--seeds', '1,2,3').split(',').map(Number);

interface Period {
  label: string;
  includes: (month: string) => boolean;
  target: number;
  /** Allowed distance from the target for PASS. */
  tolerance: number;
  abandonment?: { target: number; tolerance: number };
}

const PERIODS: Period[] = [
  { label: '2014', includes: (m) => m.startsWith('2014-'), target: TARGET_F3_2014, tolerance: 0.03 },
  { label: '2017', includes: (m) => m.startsWith('2017-'), target: TARGET_F3_2017, tolerance: 0.03 },
  { label: '2018-09', includes: (m) => m === '2018-09', target: TARGET_F3_SEPT_2018, tolerance: 0.02 },
  {
    label: '2019-03..05', includes: (m) => m >= '2019-03' && m <= '2019-05', target: TARGET_F3_SPRING_2019, tolerance: 0.03,
    abandonment: { target: TARGET_ABANDONMENT_SPRING_2019, tolerance: 0.03 },
  },
];

interface Counts { within: number; answered: number; abandoned: number; timeout: number }

function rates(calls: CallRecord[], p: Period): { f3: number; abandonment: number; n: number } {
  const c: Counts = { within: 0, answered: 0, abandoned: 0, timeout: 0 };
  for (const call of calls) {
    if (!p.includes(call.queued_at.slice(0, 7))) continue;
    if (call.outcome === 'answered') {
      c.answered++;
      if (call.wait_seconds < SERVICE_THRESHOLD_SECONDS) c.within++;
    } else if (call.outcome === 'abandoned') c.abandoned++;
    else if (call.outcome === 'timeout') c.timeout++;
  }
  return {
    f3: c.within / (c.answered + c.abandoned),
    abandonment: c.abandoned / (c.answered + c.abandoned + c.timeout),
    n: c.answered + c.abandoned + c.timeout,
  };
}

const pct = (x: number) => `${(100 * x).toFixed(1).padStart(5)} %`;

let t = Date.now();
callPlan();
console.log(`queue plan (staffing solved for the targets, seed-independent): ${((Date.now() - t) / 1000).toFixed(2)} s`);
console.log(`service level F3 = answered with wait < ${SERVICE_THRESHOLD_SECONDS} s / (answered + abandoned); ` +
  'abandonment = abandoned / (answered + abandoned + timeout); scale ' + scale);

let septMissed = false;
const dir = mkdtempSync(join(tmpdir(), 'vigie-check-calls-'));
try {
  for (const seed of seeds) {
    t = Date.now();
    const calls = generateCalls(seed, scale);
    const generated = Date.now() - t;
    const file = join(dir, `calls-${seed}.csv`);
    await writeCallsCsv(file, calls);
    const total = Date.now() - t;
    const mb = statSync(file).size / 1e6;
    console.log(`\nseed ${seed}: ${calls.length.toLocaleString('en-US')} calls, generated in ${(generated / 1000).toFixed(2)} s, ` +
      `generated + written (${mb.toFixed(0)} MB) in ${(total / 1000).toFixed(2)} s`);
    for (const p of PERIODS) {
      const r = rates(calls, p);
      const ok = Math.abs(r.f3 - p.target) <= p.tolerance;
      if (p.label === '2018-09' && !ok) septMissed = true;
      let line = `  ${p.label.padEnd(12)} F3 ${pct(r.f3)}  target ${pct(p.target)} ± ${(100 * p.tolerance).toFixed(0)}  ${ok ? 'PASS' : 'MISS'}` +
        `   abandonment ${pct(r.abandonment)}`;
      if (p.abandonment) {
        const aok = Math.abs(r.abandonment - p.abandonment.target) <= p.abandonment.tolerance;
        line += `  target ${pct(p.abandonment.target)} ± ${(100 * p.abandonment.tolerance).toFixed(0)}  ${aok ? 'PASS' : 'MISS'}`;
      }
      console.log(`${line}   (${r.n.toLocaleString('en-US')} offered)`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (septMissed) {
  console.log('\nSeptember 2018 missed its ± 2 points for at least one seed.');
  process.exitCode = 1;
}
