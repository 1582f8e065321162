/**
 * Ticket compliance end to end (import → `vigie compliance --kind tickets`): on-time variants on a hand-made cohort,
 * rule deadlines on the business calendar (Easter 2019, Fête nationale and Canada Day 2018), the city-wide rate from
 * counts (Simpson), --as-of replay, Kaplan–Meier in SQL against the TS definition, Boston's own deadlines, the JSON
 * contract, outputs and exit codes.
 */
import test, { type ExecutionContext } from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, tempDir, vigie } from '../_helpers/cli.ts';
import { Rng } from '../../src/demo/random.ts';
import { eventualShare, kaplanMeier, kmQuantile } from '../../src/metrics/index.ts';
import { localToUtc } from '../../src/time/zone.ts';
import { TICKET_TUNING } from '../../src/compliance/ticket-rows.ts';

const HEADER = 'id,created_at,closed_at,status,due_at,borough,category,theme,channel';

interface T {
  id: string; created: string; closed?: string | undefined; status?: string; due?: string | undefined; borough?: string; category?: string; theme?: string;
}

function csv(list: T[]): string {
  return [HEADER, ...list.map((t) => [t.id, t.created, t.closed ?? '', t.status ?? (t.closed ? 'closed' : 'open'), t.due ?? '',
    t.borough ?? 'Verdun', t.category ?? 'Nid-de-poule', t.theme ?? 'roads_snow', 'phone'].join(','))].join('\n') + '\n';
}

/** A standards file: the shipped calendar (Montréal hours and holidays), the given ticket section, min_n 1. */
function standards(dir: string, name: string, tickets: string, extra = ''): string {
  const file = join(dir, name);
  writeFileSync(file, `city: Test\ntimezone: America/Toronto\nmin_n: 1\n${extra}tickets:\n${tickets}`);
  return file;
}

async function store(t: ExecutionContext, list: T[], snapshot = '2018-09-30T12:00:00-04:00'): Promise<string> {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'tickets.csv'), csv(list));
  const r = await vigie(dir, ['import', 'tickets.csv', '--snapshot-time', snapshot]);
  t.is(r.code, 0, r.stderr);
  return dir;
}

async function report(t: ExecutionContext, dir: string, args: string[]) {
  const r = await vigie(dir, ['compliance', '--kind', 'tickets', '--json', ...args]);
  t.is(r.code, 0, r.stderr);
  return r.json();
}

// September 2018 cohort, as of 2018-09-30 12:00 local; deadlines from the source (due_at):
// a, b closed on time (b exactly at its deadline), c closed one second late, d, e open and overdue,
// f, g, h open and not yet due (h due exactly at as-of: not overdue).
const COHORT: T[] = [
  { id: 'a', created: '2018-09-03 09:00:00', closed: '2018-09-04 09:00:00', due: '2018-09-05 09:00:00' },
  { id: 'b', created: '2018-09-03 09:00:00', closed: '2018-09-05 09:00:00', due: '2018-09-05 09:00:00' },
  { id: 'c', created: '2018-09-03 09:00:00', closed: '2018-09-05 09:00:01', due: '2018-09-05 09:00:00' },
  { id: 'd', created: '2018-09-10 09:00:00', due: '2018-09-12 09:00:00' },
  { id: 'e', created: '2018-09-10 09:00:00', due: '2018-09-20 09:00:00' },
  { id: 'f', created: '2018-09-25 09:00:00', due: '2018-10-05 09:00:00' },
  { id: 'g', created: '2018-09-28 09:00:00', due: '2018-10-05 09:00:00' },
  { id: 'h', created: '2018-09-28 09:00:00', due: '2018-09-30 12:00:00' },
];

test('on-time variants V1–V4 on one hand-made cohort: 2 on time, 1 late, 2 open overdue, 3 open not due', async (t) => {
  const dir = await store(t, COHORT);
  const expected = { V1: [2, 3], V2: [2, 5], V3: [2, 8], V4: [2, 8] } as const;
  for (const [v, [num, den]] of Object.entries(expected)) {
    const std = standards(dir, `${v}.yaml`, `  default: { on_time_variant: ${v} }\n  rules: []\n`);
    const j = await report(t, dir, ['--period', '2018-09', '--standards', std]);
    const m = j.groups[0].metrics;
    t.is(m['tickets.on_time_rate'].numerator, num, v);
    t.is(m['tickets.on_time_rate'].denominator, den, v);
    t.is(m['tickets.on_time_rate'].variant, v);
    t.is(m['tickets.created'].value, 8);
    t.is(m['tickets.closed'].value, 3);
    t.is(m['tickets.open_overdue'].value, 2);
    t.is(m['tickets.no_target'].value, 0);
    // deadlines of f and g are after as-of: the cohort is not final
    t.false(j.groups[0].final);
  }
});

test('the V1 trap: a recent month with open overdue tickets reads 100 % under V1, and not under V2', async (t) => {
  const recent: T[] = [
    { id: 'r1', created: '2018-09-20 09:00:00', closed: '2018-09-21 09:00:00', due: '2018-09-22 09:00:00' },
    { id: 'r2', created: '2018-09-20 09:00:00', closed: '2018-09-21 10:00:00', due: '2018-09-22 09:00:00' },
    { id: 'r3', created: '2018-09-20 09:00:00', due: '2018-09-25 09:00:00' },
    { id: 'r4', created: '2018-09-20 09:00:00', due: '2018-09-25 09:00:00' },
  ];
  const dir = await store(t, recent);
  const v1 = await report(t, dir, ['--period', '2018-09', '--standards', standards(dir, 'v1.yaml', '  default: { on_time_variant: V1 }\n')]);
  const v2 = await report(t, dir, ['--period', '2018-09', '--standards', standards(dir, 'v2.yaml', '  default: { on_time_variant: V2 }\n')]);
  t.is(v1.groups[0].metrics['tickets.on_time_rate'].value, 1);
  t.is(v2.groups[0].metrics['tickets.on_time_rate'].value, 0.5);
});

test('rule deadlines on the business calendar: Easter 2019, Fête nationale and Canada Day 2018 (Sundays moved to Monday)', async (t) => {
  const list: T[] = [
    // Thursday 18 April 2019, "1 business day": Good Friday, the weekend and Easter Monday are off → Tuesday 23, 16:30
    { id: 'e1', created: '2019-04-18 10:00:00', closed: '2019-04-23 16:30:00' },
    { id: 'e2', created: '2019-04-18 10:00:00', closed: '2019-04-23 16:30:01' },
    // Friday 22 June 2018: Monday 25 is the Fête nationale (24 June was a Sunday) → Tuesday 26, 16:30
    { id: 'f1', created: '2018-06-22 12:00:00', closed: '2018-06-26 16:30:00' },
    { id: 'f2', created: '2018-06-22 12:00:00', closed: '2018-06-26 16:31:00' },
    // Friday 29 June 2018: Monday 2 July is Canada Day (1 July was a Sunday) → Tuesday 3 July, 16:30
    { id: 'c1', created: '2018-06-29 12:00:00', closed: '2018-07-03 16:29:59' },
    { id: 'c2', created: '2018-06-29 12:00:00', closed: '2018-07-04 08:30:00' },
    // no rule matches this category: no deadline, counted apart
    { id: 'x1', created: '2018-06-29 12:00:00', closed: '2018-07-03 12:00:00', category: 'Autre chose' },
  ];
  const dir = await store(t, list, '2019-05-01T00:00:00-04:00');
  const std = standards(dir, 'rules.yaml', `  rules:
    - { match: { theme: roads_snow, category: "Nid*poule" }, due: "1 business day", target: 0.9 }
`);
  const j = await report(t, dir, ['--from', '2018-06', '--to', '2019-04', '--by', 'month', '--standards', std]);
  const byMonth = Object.fromEntries(j.groups.slice(1).map((g: any) => [g.month, g.metrics])); // eslint-disable-line @typescript-eslint/no-explicit-any
  t.deepEqual([byMonth['2018-06']['tickets.on_time_rate'].numerator, byMonth['2018-06']['tickets.on_time_rate'].denominator], [2, 4]);
  t.is(byMonth['2018-06']['tickets.no_target'].value, 1);
  t.deepEqual([byMonth['2019-04']['tickets.on_time_rate'].numerator, byMonth['2019-04']['tickets.on_time_rate'].denominator], [1, 2]);
  const city = j.groups[0].metrics['tickets.on_time_rate'];
  t.deepEqual([city.numerator, city.denominator, city.target, city.verdict], [3, 6, 0.9, 'missed']);
  t.true(j.groups[0].final);
});

test('city-wide on-time comes from summed counts, not from the mean of the boroughs (Simpson)', async (t) => {
  const list: T[] = [];
  // Verdun: 1 of 1 on time; Anjou: 10 of 100 on time. Mean of rates 55 %, city 11 / 101.
  list.push({ id: 'v0', created: '2018-09-03 09:00:00', closed: '2018-09-03 10:00:00', due: '2018-09-04 09:00:00', borough: 'Verdun' });
  for (let i = 0; i < 100; i++) {
    list.push({ id: `a${i}`, created: '2018-09-03 09:00:00', closed: i < 10 ? '2018-09-03 10:00:00' : '2018-09-05 10:00:00',
      due: '2018-09-04 09:00:00', borough: 'Anjou' });
  }
  const dir = await store(t, list);
  const j = await report(t, dir, ['--period', '2018-09', '--by', 'borough', '--standards', standards(dir, 's.yaml', '  rules: []\n')]);
  const city = j.groups[0].metrics['tickets.on_time_rate'];
  const parts = j.groups.slice(1).map((g: any) => g.metrics['tickets.on_time_rate']); // eslint-disable-line @typescript-eslint/no-explicit-any
  t.is(city.numerator, 11);
  t.is(city.denominator, 101);
  t.is(city.value, 11 / 101);
  const mean = parts.reduce((s: number, p: any) => s + p.value, 0) / parts.length; // eslint-disable-line @typescript-eslint/no-explicit-any
  t.is(mean, 0.55);
  t.not(city.value, mean);
  for (const f of ['numerator', 'denominator'] as const) t.is(parts.reduce((s: number, p: any) => s + p[f], 0), city[f]); // eslint-disable-line @typescript-eslint/no-explicit-any
});

test('--as-of replays the store: before the status change the ticket is open, after it closed', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 's1.csv'), csv([{ id: 'x', created: '2018-09-03 09:00:00', due: '2018-09-20 09:00:00' }]));
  writeFileSync(join(dir, 's2.csv'), csv([{ id: 'x', created: '2018-09-03 09:00:00', closed: '2018-09-15 09:00:00', due: '2018-09-20 09:00:00' }]));
  t.is((await vigie(dir, ['import', 's1.csv', '--snapshot-time', '2018-09-10T00:00:00-04:00'])).code, 0);
  t.is((await vigie(dir, ['import', 's2.csv', '--snapshot-time', '2018-09-20T00:00:00-04:00'])).code, 0);
  const std = standards(dir, 's.yaml', '  rules: []\n');
  const before = await report(t, dir, ['--period', '2018-09', '--as-of', '2018-09-12', '--standards', std]);
  const after = await report(t, dir, ['--period', '2018-09', '--as-of', '2018-09-25', '--standards', std]);
  const latest = await report(t, dir, ['--period', '2018-09', '--standards', std]);
  t.is(before.as_of, '2018-09-12T23:59:59-04:00');
  t.is(before.groups[0].metrics['tickets.closed'].value, 0);
  t.is(before.groups[0].metrics['tickets.backlog'].value, 1);
  t.is(after.groups[0].metrics['tickets.closed'].value, 1);
  t.is(after.groups[0].metrics['tickets.on_time_rate'].numerator, 1);
  t.is(after.groups[0].metrics['tickets.backlog'].value, 0);
  t.is(latest.as_of, '2018-09-20T00:00:00-04:00');
  t.is(latest.groups[0].metrics['tickets.closed'].value, 1);
});

for (const [label, asOfLocal, openShare] of [
  ['early as-of: open tickets censored before the 90th percentile (the step-by-step curve)', Date.UTC(2018, 9, 3, 12), 0.25],
  ['late as-of: no censoring before the percentiles (the nearest-rank shortcut)', Date.UTC(2019, 5, 1, 12), 0.05]] as const) {
  test(`Kaplan–Meier in SQL equals the TS definition, ${label}`, async (t) => {
    const rng = new Rng(5);
    const asOf = localToUtc('America/Toronto', asOfLocal).utc;
    const list: T[] = [];
    const obs: { time: number; event: boolean }[] = [];
    const rel: { time: number; event: boolean }[] = [];
    const fmt = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
    for (let i = 0; i < 300; i++) {
      // local times given as naive strings: built in local wall-clock ms, converted for the expectations
      const createdLocal = Date.UTC(2018, 8, 1 + rng.int(30), 8 + rng.int(9), rng.int(60));
      const created = localToUtc('America/Toronto', createdLocal).utc;
      const allowed = (1 + rng.int(10)) * 86_400_000;
      const ttc = Math.round(rng.next() * 20 * 86_400_000 / 60_000) * 60_000;
      const open = rng.next() < openShare || created + ttc > asOf;
      list.push({ id: `k${i}`, created: fmt(createdLocal), closed: open ? undefined : fmt(createdLocal + ttc), due: fmt(createdLocal + allowed) });
      const closedUtc = open ? null : localToUtc('America/Toronto', createdLocal + ttc).utc;
      const dueUtc = localToUtc('America/Toronto', createdLocal + allowed).utc;
      const end = closedUtc ?? asOf;
      obs.push({ time: (end - created) / 86_400_000, event: closedUtc !== null });
      rel.push({ time: (end - created) / (dueUtc - created), event: closedUtc !== null });
    }
    const dir = await store(t, list, new Date(asOf).toISOString());
    const j = await report(t, dir, ['--period', '2018-09', '--standards', standards(dir, 's.yaml', '  rules: []\n')]);
    const m = j.groups[0].metrics;
    const curve = kaplanMeier(obs);
    const close = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) < 1e-9);
    t.true(close(m['tickets.ttc_p50_days'].value, kmQuantile(curve, 0.5).value), `p50 ${m['tickets.ttc_p50_days'].value} vs ${kmQuantile(curve, 0.5).value}`);
    t.true(close(m['tickets.ttc_p90_days'].value, kmQuantile(curve, 0.9).value), `p90 ${m['tickets.ttc_p90_days'].value} vs ${kmQuantile(curve, 0.9).value}`);
    const eventual = eventualShare(kaplanMeier(rel), 1);
    t.true(close(m['tickets.eventual_on_time_share'].value, eventual.value), `eventual ${m['tickets.eventual_on_time_share'].value} vs ${eventual.value}`);
    t.is(m['tickets.ttc_p50_days'].denominator, 300);
    // which path the scenario takes: the first censoring time against the 90th percentile
    const firstCensored = Math.min(...obs.filter((o) => !o.event).map((o) => o.time));
    const p90 = kmQuantile(curve, 0.9).value;
    if (asOfLocal < Date.UTC(2019, 0, 1)) t.true(p90 === null || p90 > firstCensored, 'the early scenario needs the step-by-step curve');
    else t.true(p90 !== null && p90 <= firstCensored, 'the late scenario takes the shortcut');
  });
}

test('Kaplan–Meier in SQL equals the TS definition in every group at once: skewed groups, ties between closes and censorings, city-wide', async (t) => {
  // Boroughs of 240, 40, 20, 20 and 8 tickets (the partitions are numbered and laid end to end in one ordering: a group's
  // risk sets must not take in another's rows), times on a coarse grid (whole hours: many closes and censorings at the
  // same time), half of them open at an early as-of. The reference is src/metrics/kaplan-meier.ts on each group's
  // observations, computed here in TypeScript.
  const rng = new Rng(17);
  const asOf = localToUtc('America/Toronto', Date.UTC(2018, 8, 20, 12)).utc;
  const fmt = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  const list: T[] = [];
  const obs = new Map<string, { time: number; event: boolean }[]>();
  const rel = new Map<string, { time: number; event: boolean }[]>();
  const add = (k: string, m: Map<string, { time: number; event: boolean }[]>, o: { time: number; event: boolean }) => {
    for (const key of [k, 'city']) m.set(key, [...(m.get(key) ?? []), o]);
  };
  for (const [borough, n] of [['Verdun', 240], ['Anjou', 40], ['LaSalle', 8]] as const) {
    for (let i = 0; i < n; i++) {
      // created at 9:00 local on a September day; closed a whole number of hours later (or open)
      const createdLocal = Date.UTC(2018, 8, 1 + rng.int(18), 9);
      const created = localToUtc('America/Toronto', createdLocal).utc;
      const closedLocal = createdLocal + (1 + rng.int(72)) * 3_600_000;
      const closedUtc = localToUtc('America/Toronto', closedLocal).utc;
      const open = rng.next() < 0.5 || closedUtc > asOf;
      const dueLocal = createdLocal + (1 + rng.int(3)) * 86_400_000;
      const dueUtc = localToUtc('America/Toronto', dueLocal).utc;
      list.push({ id: `${borough}-${i}`, borough, created: fmt(createdLocal), closed: open ? undefined : fmt(closedLocal), due: fmt(dueLocal) });
      const end = open ? asOf : closedUtc;
      add(borough, obs, { time: (end - created) / 86_400_000, event: !open });
      add(borough, rel, { time: (end - created) / (dueUtc - created), event: !open });
    }
  }
  // Two small boroughs closed within hours, with a few tickets still open from the last days: their medians come before
  // their first censoring, their 90th percentiles after it (so they take the step-by-step curve too).
  for (const borough of ['Outremont', 'Lachine']) {
    for (let i = 0; i < 20; i++) {
      const late = i >= 16;
      const createdLocal = Date.UTC(2018, 8, late ? 18 : 1 + rng.int(10), 9);
      const created = localToUtc('America/Toronto', createdLocal).utc;
      const closedLocal = createdLocal + (1 + rng.int(10)) * 3_600_000;
      const closedUtc = localToUtc('America/Toronto', closedLocal).utc;
      const dueLocal = createdLocal + 86_400_000;
      const dueUtc = localToUtc('America/Toronto', dueLocal).utc;
      list.push({ id: `${borough}-${i}`, borough, created: fmt(createdLocal), closed: late ? undefined : fmt(closedLocal), due: fmt(dueLocal) });
      const end = late ? asOf : closedUtc;
      add(borough, obs, { time: (end - created) / 86_400_000, event: !late });
      add(borough, rel, { time: (end - created) / (dueUtc - created), event: !late });
    }
  }
  const dir = await store(t, list, new Date(asOf).toISOString());
  const j = await report(t, dir, ['--period', '2018-09', '--by', 'borough', '--standards', standards(dir, 's.yaml', '  rules: []\n')]);
  const close = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) < 1e-9);
  t.is(j.groups.length, 6);
  let stepByStep = 0;
  for (const g of j.groups as { borough: string | null; metrics: Record<string, { value: number | null; denominator: number | null }> }[]) {
    const key = g.borough ?? 'city';
    const curve = kaplanMeier(obs.get(key)!);
    const m = g.metrics;
    for (const [id, p] of [['tickets.ttc_p50_days', 0.5], ['tickets.ttc_p90_days', 0.9]] as const) {
      t.true(close(m[id]!.value, kmQuantile(curve, p).value), `${key} ${id}: ${m[id]!.value} vs ${kmQuantile(curve, p).value}`);
    }
    const eventual = eventualShare(kaplanMeier(rel.get(key)!), 1).value;
    t.true(close(m['tickets.eventual_on_time_share']!.value, eventual), `${key} eventual: ${m['tickets.eventual_on_time_share']!.value} vs ${eventual}`);
    t.is(m['tickets.ttc_p50_days']!.denominator, obs.get(key)!.length);
    const firstCensored = Math.min(...obs.get(key)!.filter((o) => !o.event).map((o) => o.time));
    const p90 = kmQuantile(curve, 0.9).value;
    if (p90 === null || p90 > firstCensored) stepByStep++;
  }
  // the scenario is the one the test is for: the groups go through the step-by-step curve, not the shortcut
  t.is(stepByStep, 6);
});

test('Boston export with its own deadlines: on time exactly when closed ≤ target; cases without a target are no_target', async (t) => {
  const dir = tempDir(t);
  const head = readFileSync(join(FIXTURES, 'sources', 'boston-new.csv'), 'utf8').split('\n')[0]!;
  const cols = head.split(',');
  const row = (id: string, open: string, target: string, closed: string, status: string) => cols.map((c) => ({
    case_enquiry_id: id, open_dt: open, sla_target_dt: target, closed_dt: closed, case_status: status, type: 'Pothole Repair',
    neighborhood: 'Back Bay', source: 'Constituent Call', on_time: '',
  } as Record<string, string>)[c] ?? '').join(',');
  const lines = [head,
    row('1', '2023-03-01 09:00:00', '2023-03-03 09:00:00', '2023-03-03 09:00:00', 'Closed'), // exactly at target: on time
    row('2', '2023-03-01 09:00:00', '2023-03-03 09:00:00', '2023-03-03 09:00:01', 'Closed'), // one second late
    row('3', '2023-03-02 09:00:00', '2023-03-10 09:00:00', '2023-03-04 09:00:00', 'Closed'),
    row('4', '2023-03-02 09:00:00', ' ', '2023-03-04 09:00:00', 'Closed'), // no target
    row('5', '2023-03-02 09:00:00', ' ', ' ', 'Open'), // no target, open
  ];
  writeFileSync(join(dir, 'boston.csv'), lines.join('\n') + '\n');
  t.is((await vigie(dir, ['import', 'boston.csv', '--snapshot-time', '2023-04-01T00:00:00-04:00'])).code, 0);
  const std = standards(dir, 'b.yaml', '  rules: []\n');
  writeFileSync(std, readFileSync(std, 'utf8').replace('America/Toronto', 'America/New_York'));
  const j = await report(t, dir, ['--period', '2023-03', '--standards', std]);
  const m = j.groups[0].metrics;
  t.deepEqual([m['tickets.on_time_rate'].numerator, m['tickets.on_time_rate'].denominator], [2, 3]);
  t.is(m['tickets.no_target'].value, 2);
  t.is(m['tickets.on_time_rate'].verdict, 'no_target'); // Boston's deadlines come without a target of ours
});

test('the JSON contract: top-level keys, every group key, every metric field', async (t) => {
  const dir = await store(t, COHORT);
  const j = await report(t, dir, ['--period', '2018-09', '--by', 'borough,theme']);
  t.deepEqual(Object.keys(j).sort(), ['as_of', 'cohort', 'data', 'examples', 'from', 'groups', 'kind', 'notices', 'period', 'standards', 'to'].sort());
  t.is(j.period, '2018-09');
  t.deepEqual(Object.keys(j.standards).sort(), ['file', 'sha256']);
  t.regex(j.as_of, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
  for (const g of j.groups) {
    t.deepEqual(Object.keys(g).sort(), ['borough', 'day', 'final', 'metrics', 'month', 'queue', 'theme', 'week'].sort());
    for (const [id, r] of Object.entries<Record<string, unknown>>(g.metrics)) {
      t.regex(id, /^tickets\./);
      t.deepEqual(Object.keys(r).sort(), ['ci95', 'denominator', 'example', 'met', 'note', 'numerator', 'target', 'target_kind', 'value',
        'variant', 'verdict'].sort(), id);
      t.true(['met', 'missed', 'too_few', 'no_target'].includes(String(r.verdict)));
    }
  }
  // the city-wide group first, all keys null; then the groups with their keys
  t.true(['borough', 'theme', 'queue', 'month', 'week', 'day'].every((k) => j.groups[0][k] === null));
  t.is(j.groups[1].borough, 'Verdun');
  t.is(j.groups[1].theme, 'roads_snow');
  for (const id of ['tickets.created', 'tickets.closed', 'tickets.on_time_rate', 'tickets.open_overdue', 'tickets.no_target', 'tickets.backlog',
    'tickets.aging.within', 'tickets.aging.over_1x', 'tickets.aging.over_2x', 'tickets.aging.no_target', 'tickets.ttc_p50_days',
    'tickets.ttc_p90_days', 'tickets.eventual_on_time_share', 'tickets.cancelled', 'tickets.refused', 'tickets.duplicate',
    'tickets.instant_close_share', 'tickets.channel_share.phone']) t.truthy(j.groups[0].metrics[id], id);
});

test('backlog at the period end, aged in multiples of each deadline', async (t) => {
  // as of 2018-09-30 12:00: d (due 12th, 20.1 days old for a 2-day deadline: > 2×), e (10-day deadline, 20.1 days: > 2×),
  // f (open 5 days of 10: within), g, h (within); a, b, c closed
  const dir = await store(t, COHORT);
  const j = await report(t, dir, ['--period', '2018-09', '--standards', standards(dir, 's.yaml', '  rules: []\n')]);
  const m = j.groups[0].metrics;
  t.is(m['tickets.backlog'].value, 5);
  t.is(m['tickets.aging.within'].numerator, 3);
  t.is(m['tickets.aging.over_1x'].numerator, 0);
  t.is(m['tickets.aging.over_2x'].numerator, 2);
});

test('exit codes: 0 ok, 2 usage, 3 on a breached standard; example targets count only with --include-examples', async (t) => {
  const dir = await store(t, COHORT.map((x) => ({ ...x, due: undefined })));
  const real = standards(dir, 'real.yaml', '  rules:\n    - { match: { category: "Nid*" }, due: "1 business day", target: 0.99 }\n');
  const example = standards(dir, 'ex.yaml', '  rules:\n    - { match: { category: "Nid*" }, due: "1 business day", target: 0.99, example: true }\n');
  t.is((await vigie(dir, ['compliance', '--kind', 'tickets', '--period', '2018-09', '--standards', real])).code, 0);
  const breached = await vigie(dir, ['compliance', '--kind', 'tickets', '--period', '2018-09', '--standards', real, '--fail-on-breach']);
  t.is(breached.code, 3);
  t.regex(breached.stderr, /missed: tickets\.on_time_rate, city-wide/);
  const ignored = await vigie(dir, ['compliance', '--kind', 'tickets', '--period', '2018-09', '--standards', example, '--fail-on-breach']);
  t.is(ignored.code, 0);
  // a pass that only ignored examples says so, for the CI log
  t.regex(ignored.stderr, /vigie: 1 example target missed, ignored by --fail-on-breach \(--include-examples counts it\)/);
  t.notRegex((await vigie(dir, ['compliance', '--kind', 'tickets', '--period', '2018-09', '--standards', real])).stderr, /example target/);
  t.is((await vigie(dir, ['compliance', '--kind', 'tickets', '--period', '2018-09', '--standards', example, '--fail-on-breach',
    '--include-examples'])).code, 3);
  for (const bad of [['--kind', 'permits'], ['--cohort', 'due'], ['--csv-dialect', 'excel'], ['--output', 'xml'], ['--as-of', '2018-02-30']]) {
    t.is((await vigie(dir, ['compliance', '--period', '2018-09', ...bad])).code, 2, bad.join(' '));
  }
});

test('outputs: table with the example banner, Markdown, CSV in the excel-fr dialect', async (t) => {
  const dir = await store(t, COHORT.map((x) => ({ ...x, due: undefined })));
  const table = await vigie(dir, ['compliance', '--kind', 'tickets', '--period', '2018-09', '--by', 'borough']);
  t.regex(table.stdout, /Service requests/);
  t.regex(table.stdout, /EXAMPLE targets: Potholes/);
  t.regex(table.stdout, /Verdun\*/); // not final
  const fr = await vigie(dir, ['--lang', 'fr', 'compliance', '--kind', 'tickets', '--period', '2018-09', '--output', 'md'], { lang: 'fr' });
  t.regex(fr.stdout, /^# Conformité aux normes : requêtes, septembre 2018, en date du 30 septembre 2018 à 12 h 00\n/);
  t.regex(fr.stdout, /## Requêtes/);
  t.regex(fr.stdout, /\| toute la ville\*? \|/);
  const xl = await vigie(dir, ['compliance', '--kind', 'tickets', '--period', '2018-09', '--output', 'csv', '--csv-dialect', 'excel-fr']);
  t.true(xl.stdout.startsWith('\uFEFFborough;theme;queue;month;week;day;metric;value;numerator;denominator;target;verdict;final;example\r\n'));
  const rate = xl.stdout.split('\r\n').find((l) => l.includes(';tickets.on_time_rate;'))!;
  t.regex(rate, /;0,\d+;/); // decimal comma
});

test('a trend by month: the backlog is a stock, counted at each month end; city-wide it is the one at the period end', async (t) => {
  // x open since August, w open from 25 August to 3 September, y open from 10 September and closed 5 October, z closed
  // within September: the stock is 2, 2, then 1 at the end of October (the city-wide one, not the first month's)
  const list: T[] = [
    { id: 'x', created: '2018-08-20 09:00:00', due: '2018-08-30 09:00:00' },
    { id: 'w', created: '2018-08-25 09:00:00', closed: '2018-09-03 09:00:00', due: '2018-09-04 09:00:00' },
    { id: 'y', created: '2018-09-10 09:00:00', closed: '2018-10-05 09:00:00', due: '2018-09-20 09:00:00' },
    { id: 'z', created: '2018-09-12 09:00:00', closed: '2018-09-13 09:00:00', due: '2018-09-20 09:00:00' },
  ];
  const dir = await store(t, list, '2018-11-01T00:00:00-04:00');
  const std = standards(dir, 's.yaml', '  rules: []\n');
  const j = await report(t, dir, ['--from', '2018-08', '--to', '2018-10', '--by', 'month', '--standards', std]);
  const backlog = Object.fromEntries(j.groups.map((g: any) => [g.month ?? 'city', g.metrics['tickets.backlog'].value])); // eslint-disable-line @typescript-eslint/no-explicit-any
  t.deepEqual(backlog, { city: 1, '2018-08': 2, '2018-09': 2, '2018-10': 1 });
  const oct = await report(t, dir, ['--period', '2018-10', '--standards', std]);
  t.is(oct.groups[0].metrics['tickets.backlog'].value, 1);
  // y was overdue at the end of September: 20.6 days old for a 10-day deadline (over 2×); x, 72 days for 10 (over 2×)
  const sep = j.groups.find((g: any) => g.month === '2018-09'); // eslint-disable-line @typescript-eslint/no-explicit-any
  t.is(sep.metrics['tickets.aging.over_2x'].numerator, 2);
});

test('backlog boundaries: closed exactly at a month end or at as-of is in its stock, created exactly at it is not; ages of exactly 1× and 2× the deadline', async (t) => {
  const list: T[] = [
    // closed at the end of September exactly (in its stock), its deadline that same instant (age = 1×: within)
    { id: 'b1', created: '2018-09-10T09:00:00-04:00', closed: '2018-10-01T00:00:00-04:00', due: '2018-10-01T00:00:00-04:00' },
    // created at the end of September exactly: not in its stock
    { id: 'b2', created: '2018-10-01T00:00:00-04:00', closed: '2018-10-03T09:00:00-04:00', due: '2018-10-05T00:00:00-04:00' },
    // 5.5-day deadline, 11 days old at the end of September (2×: over once), 42 days at the end of October (over twice)
    { id: 'b3', created: '2018-09-20T00:00:00-04:00', due: '2018-09-25T12:00:00-04:00' },
    // closed at the end of the period exactly (the last end of the query), no deadline
    { id: 'b4', created: '2018-10-10T09:00:00-04:00', closed: '2018-11-01T00:00:00-04:00' },
    // in November, the stock is taken at as-of: closed at that instant (in it), one second before (not)
    { id: 'b5', created: '2018-11-10T09:00:00-05:00', closed: '2018-11-15T12:00:00-05:00' },
    { id: 'b6', created: '2018-11-10T09:00:00-05:00', closed: '2018-11-15T11:59:59-05:00' },
  ];
  const dir = await store(t, list, '2018-11-15T12:00:00-05:00');
  const std = standards(dir, 's.yaml', '  rules: []\n');
  const j = await report(t, dir, ['--from', '2018-09', '--to', '2018-10', '--by', 'month', '--standards', std]);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const at = (m: string) => { const g = j.groups.find((x: any) => (x.month ?? 'city') === m).metrics; return [g['tickets.backlog'].value,
    g['tickets.aging.within'].numerator, g['tickets.aging.over_1x'].numerator, g['tickets.aging.over_2x'].numerator, g['tickets.aging.no_target'].numerator]; };
  t.deepEqual(at('2018-09'), [2, 1, 1, 0, 0]);
  t.deepEqual(at('2018-10'), [2, 0, 0, 1, 1]);
  t.deepEqual(at('city'), [2, 0, 0, 1, 1]);
  const oct = await report(t, dir, ['--period', '2018-10', '--standards', std]);
  t.is(oct.groups[0].metrics['tickets.backlog'].value, 2);
  const nov = await report(t, dir, ['--period', '2018-11', '--by', 'week', '--standards', std]);
  t.is(nov.groups[0].metrics['tickets.backlog'].value, 2);
  t.is(nov.groups[0].metrics['tickets.aging.over_2x'].numerator, 1);
});

test("a zone whose offset is not whole hours (St. John's, UTC−2:30 in summer): each ticket in its local month", async (t) => {
  const list: T[] = [
    { id: 'sep', created: '2018-09-30T23:45:00-02:30', due: '2018-10-10T12:00:00-02:30' }, // 02:15Z on 1 October
    { id: 'oct', created: '2018-10-01T00:10:00-02:30', due: '2018-10-10T12:00:00-02:30' }, // 02:40Z, same UTC hour
  ];
  const dir = await store(t, list, '2018-10-05T00:00:00-02:30');
  const std = standards(dir, 's.yaml', '  rules: []\n');
  writeFileSync(std, readFileSync(std, 'utf8').replace('America/Toronto', 'America/St_Johns'));
  const j = await report(t, dir, ['--from', '2018-09', '--to', '2018-10', '--by', 'month', '--standards', std]);
  const created = Object.fromEntries(j.groups.slice(1).map((g: any) => [g.month, g.metrics['tickets.created'].value])); // eslint-disable-line @typescript-eslint/no-explicit-any
  t.deepEqual(created, { '2018-09': 1, '2018-10': 1 });
});

test('time buckets of tickets are local ISO weeks and local days: Sunday 30 December 2018 is 2018-W52, Monday 31 December is 2019-W01; 23:30 local on the 31st stays in that day and in December', async (t) => {
  const list: T[] = [
    { id: 'w1', created: '2018-12-30 10:00:00', due: '2019-01-10 10:00:00' },
    { id: 'w2', created: '2018-12-31 09:00:00', closed: '2018-12-31 10:00:00', due: '2019-01-10 10:00:00' },
    { id: 'w3', created: '2018-12-31 23:30:00', due: '2019-01-10 10:00:00' },
    { id: 'w4', created: '2019-01-02 08:00:00', due: '2019-01-10 10:00:00' },
  ];
  const dir = await store(t, list, '2019-01-05T12:00:00-05:00');
  const labels = async (by: string) => (await report(t, dir, ['--from', '2018-12', '--to', '2019-01', '--by', by])).groups.slice(1)
    .map((g: Record<string, unknown> & { metrics: Record<string, { value: number | null }> }) => [g[by], g.metrics['tickets.created']!.value])
    .filter(([, n]: [string, number]) => n > 0); // (days with a backlog but no creation are groups too)
  t.deepEqual(await labels('week'), [['2018-W52', 1], ['2019-W01', 3]]);
  t.deepEqual(await labels('day'), [['2018-12-30', 1], ['2018-12-31', 2], ['2019-01-02', 1]]);
  t.deepEqual(await labels('month'), [['2018-12', 3], ['2019-01', 1]]);
});

test('the per-ticket rows kept in a table or read through a view give the same groups', async (t) => {
  const rng = new Rng(17);
  const fmt = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  const kinds: Pick<T, 'category' | 'theme'>[] = [{ category: 'Nid-de-poule', theme: 'roads_snow' }, { category: 'Déneigement', theme: 'roads_snow' },
    { category: 'Bruit', theme: 'public_safety' }, { category: 'Autre chose', theme: 'general_information' }];
  const list: T[] = [];
  for (let i = 0; i < 400; i++) {
    const created = Date.UTC(2018, 6 + rng.int(4), 1 + rng.int(28), 8 + rng.int(9), rng.int(60));
    const closed = rng.next() < 0.2 ? undefined : created + rng.int(40) * 86_400_000 + rng.int(600) * 60_000;
    list.push({ id: `v${i}`, created: fmt(created), closed: closed === undefined ? undefined : fmt(closed),
      due: rng.next() < 0.3 ? fmt(created + (1 + rng.int(20)) * 86_400_000) : undefined, borough: ['Verdun', 'Anjou', 'Ville-Marie'][rng.int(3)]!,
      ...kinds[rng.int(kinds.length)]! });
  }
  const dir = await store(t, list, '2018-12-15T12:00:00-05:00');
  const queries = [['--period', '2018-09', '--by', 'borough,theme'], ['--from', '2018-07', '--to', '2018-11', '--by', 'month'],
    ['--from', '2018-07', '--to', '2018-11', '--by', 'week,borough'], ['--period', '2018-Q3']];
  const saved = TICKET_TUNING.materializeMaxRows;
  try {
    for (const q of queries) {
      TICKET_TUNING.materializeMaxRows = 1_000_000;
      const table = await report(t, dir, q);
      TICKET_TUNING.materializeMaxRows = 0;
      const view = await report(t, dir, q);
      t.true(table.groups.length > (q.includes('--by') ? 1 : 0), q.join(' '));
      t.deepEqual(view, table, q.join(' '));
    }
  } finally {
    TICKET_TUNING.materializeMaxRows = saved;
  }
});

test('no data is not success: a period outside what the store holds, or an empty store, is exit 2 naming what the store covers', async (t) => {
  const dir = await store(t, COHORT);
  const before = (await vigie(dir, ['compliance', '--kind', 'tickets', '--period', '2018-09', '--json'])).json();
  const far = await vigie(dir, ['compliance', '--period', '2030-01', '--fail-on-breach']);
  t.is(far.code, 2);
  t.is(far.stdout, '');
  t.regex(far.stderr, /^vigie: no data for January 2030 in the store; the store holds requests from \w+ 2018/);
  const fr = await vigie(dir, ['--lang', 'fr', 'compliance', '--kind', 'calls', '--period', '2018-09']);
  t.is(fr.code, 2);
  t.regex(fr.stderr, /aucune donnée pour septembre 2018 dans la base ; la base contient des requêtes/);
  // a month after the last creation but before the as-of still has a backlog: judged, not refused
  t.is(before.period, '2018-09');
  const later = await store(t, COHORT, '2018-11-15T12:00:00-04:00');
  const oct = await vigie(later, ['compliance', '--kind', 'tickets', '--period', '2018-10', '--json']);
  t.true([0, 3].includes(oct.code), oct.stderr);
  t.is(oct.json().period, '2018-10');
  t.is((await vigie(later, ['compliance', '--kind', 'tickets', '--period', '2018-12'])).code, 2, 'after the as-of: nothing is known');
  const empty = tempDir(t);
  t.is((await vigie(empty, ['import', join(FIXTURES, 'nasty', 'header-only.csv')])).code, 0);
  const none = await vigie(empty, ['compliance']);
  t.is(none.code, 2);
  t.regex(none.stderr, /the store holds no calls and no requests yet/);
});
