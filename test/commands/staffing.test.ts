/**
 * `vigie staffing`: arrivals per interval of an average weekday from the store's calls (in the city's zone), handle
 * time from the answered calls' talk, agents under Erlang C and A for the standards' service level, the week's
 * agent-hours and their cost; the JSON of docs/methods.md §5.
 */
import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, vigie } from '../_helpers/cli.ts';
import { agentsNeeded, erlangA } from '../../src/metrics/index.ts';

const HEADER = 'id,queued_at,outcome,wait_seconds,talk_seconds,queue,theme,borough,agent_site,transferred';
// The Mondays of September 2018: 3, 10, 17, 24. Wednesdays: 5, 12, 19, 26.
const MONDAYS = ['03', '10', '17', '24'];

function writeCalls(dir: string): void {
  const lines = [HEADER];
  let id = 0;
  // Monday 09:00–09:30 local: 100 calls each Monday, all answered at once, 180 s of talk (the Erlang C check value's
  // queue: 100 calls per 30 min, AHT 180 s). Wednesday 14:00–14:30: 10 calls each, 4 of them abandoned.
  for (const d of MONDAYS) {
    for (let i = 0; i < 100; i++) {
      const s = String(Math.floor(i * 17.9)).padStart(4, '0');
      lines.push([`m${id++}`, `2018-09-${d}T09:${String(Math.floor(Number(s) / 60) % 30).padStart(2, '0')}:${String(Number(s) % 60).padStart(2, '0')}`,
        'answered', 0, 180, 'general', 'collections', 'Verdun', 'Verdun', 'false'].join(','));
    }
  }
  for (const d of ['05', '12', '19', '26']) {
    for (let i = 0; i < 10; i++) {
      const abandoned = i < 4;
      lines.push([`w${id++}`, `2018-09-${d}T14:${String(i * 2).padStart(2, '0')}:00`, abandoned ? 'abandoned' : 'answered', abandoned ? 60 : 30,
        abandoned ? '' : 240, 'taxes', 'taxes_finance', 'Anjou', abandoned ? '' : 'Anjou', abandoned ? '' : 'false'].join(','));
    }
  }
  writeFileSync(join(dir, 'calls.csv'), lines.join('\n') + '\n');
}

/** Writes the test standards (F3, 20 s, 80 %; 30 % shrinkage at 40 CAD an hour) and imports `calls.csv`. */
async function importWithStandards(dir: string): Promise<string> {
  writeFileSync(join(dir, 'std.yaml'), `timezone: America/Toronto
calls:
  service_level: { threshold_seconds: 20, boundary: "<=", target: 0.80, variant: F3 }
  staffing: { shrinkage: 0.3, hourly_cost: 40, currency: CAD }
`);
  const r = await vigie(dir, ['import', 'calls.csv']);
  if (r.code !== 0) throw new Error(r.stderr);
  return dir;
}

async function setup(t: Parameters<typeof tempDir>[0]) {
  const dir = tempDir(t);
  writeCalls(dir);
  return importWithStandards(dir);
}

test('per interval of the week: arrivals of an average weekday, handle time, agents under Erlang C and A (check value 14)', async (t) => {
  const dir = await setup(t);
  const r = await vigie(dir, ['staffing', '--period', '2018-09', '--standards', 'std.yaml', '--json']);
  t.is(r.code, 0, r.stderr);
  const j = r.json();
  t.is(j.period, '2018-09');
  t.deepEqual(j.standard, { threshold_seconds: 20, target: 0.8, variant: 'F3', boundary: '<=' });
  const mon = j.intervals.find((i: any) => i.start === 'mon 09:00'); // eslint-disable-line @typescript-eslint/no-explicit-any
  t.truthy(mon);
  t.is(mon.days, 4);
  t.is(mon.arrivals, 400);
  t.is(mon.arrivals_per_day, 100);
  t.is(mon.aht_seconds, 180);
  t.is(mon.aht_from, 'interval');
  // Erlang C: 13 agents give 79.6 %, 14 give 88.8 % → 14, scheduled 14 / (1 − 0.3) = 20
  t.is(mon.agents_erlang_c, 14);
  t.is(mon.scheduled_erlang_c, 20);
  // Erlang A with the period's patience (the Wednesday abandons): the model's own answer, wired through
  const patience = (24 * 30 + 16 * 60) / 16;
  const a = agentsNeeded({ arrivalsPerInterval: 100, intervalSeconds: 1800, ahtSeconds: 180 }, 0.8, 20,
    { model: 'erlang_a', patienceSeconds: patience, shrinkage: 0.3 });
  t.is(mon.agents_erlang_a, a.agents);
  t.is(mon.scheduled_erlang_a, a.scheduled);
  t.is(mon.service_level_at_agents, erlangA({ arrivalsPerInterval: 100, intervalSeconds: 1800, ahtSeconds: 180, agents: a.agents }, patience, 20).serviceLevel);
  t.true(mon.service_level_at_agents >= 0.8);
  t.is(mon.observed_service_level, 1);
  for (const k of ['start', 'arrivals', 'aht_seconds', 'agents_erlang_c', 'agents_erlang_a', 'service_level_at_agents']) t.true(k in mon, k);
  // Wednesday 14:00: 10 per day, 4 abandoned: too few answered calls for their own handle time → the period's
  const wed = j.intervals.find((i: any) => i.start === 'wed 14:00'); // eslint-disable-line @typescript-eslint/no-explicit-any
  t.is(wed.arrivals_per_day, 10);
  t.is(wed.aht_from, 'interval'); // 24 answered calls with a talk time
  t.is(wed.aht_seconds, 240);
  // one group (all calls); patience = Σ waits of offered callers / abandoned = (400·0 + 24·30 + 16·60) / 16
  t.is(j.groups.length, 1);
  t.is(j.groups[0].patience_seconds, (24 * 30 + 16 * 60) / 16);
  // agent-hours of a week: Σ scheduled (Erlang A) × 0.5 h; cost at 40 CAD an hour
  const hours = j.intervals.reduce((s: number, i: any) => s + i.scheduled_erlang_a * 0.5, 0); // eslint-disable-line @typescript-eslint/no-explicit-any
  t.is(j.groups[0].agent_hours_per_week_erlang_a, hours);
  t.is(j.groups[0].cost_per_week, hours * 40);
  t.is(j.currency, 'CAD');
  t.true(j.assumptions.length >= 4);
});

test('--by borough splits the groups; the table says it is a model; usage errors exit 2', async (t) => {
  const dir = await setup(t);
  const j = (await vigie(dir, ['staffing', '--period', '2018-09', '--standards', 'std.yaml', '--by', 'borough', '--json'])).json();
  t.deepEqual(j.groups.map((g: any) => g.group).sort(), ['Anjou', 'Verdun']); // eslint-disable-line @typescript-eslint/no-explicit-any
  const table = await vigie(dir, ['staffing', '--period', '2018-09', '--standards', 'std.yaml', '--interval', '60']);
  t.is(table.code, 0);
  t.regex(table.stdout, /A model, not a measurement/);
  t.regex(table.stdout, /Mon 09:00/);
  t.regex(table.stdout, /agent-hours per week: \d+ \(Erlang A\)/);
  const fr = await vigie(dir, ['--lang', 'fr', 'staffing', '--period', '2018-09', '--standards', 'std.yaml'], { lang: 'fr' });
  t.regex(fr.stdout, /Un modèle, pas une mesure/);
  t.regex(fr.stdout, /lun 09:00/);
  for (const bad of [['--interval', '20'], ['--shrinkage', '1'], ['--by', 'theme'], ['--period', '2018-13']]) {
    t.is((await vigie(dir, ['staffing', '--standards', 'std.yaml', ...bad])).code, 2, bad.join(' '));
  }
});

/**
 * Two boroughs and calls without one, each 20 calls every Monday 09:00–09:30 of September 2018, all answered at once
 * with 180 s of talk: each queue carries 2 Erlangs, the pooled one 6. The expected agents come from the Erlang functions
 * themselves (checked against published values in test/metrics): what is tested here is the sum, the pooling and the
 * words around them.
 */
async function setupPooled(t: Parameters<typeof tempDir>[0]) {
  const dir = tempDir(t);
  const lines = [HEADER];
  let id = 0;
  for (const borough of ['Verdun', 'Anjou', '']) {
    for (const d of MONDAYS) {
      for (let i = 0; i < 20; i++) {
        lines.push([`p${id++}`, `2018-09-${d}T09:${String(i).padStart(2, '0')}:00`, 'answered', 0, 180, 'general', 'collections', borough,
          borough, 'false'].join(','));
      }
    }
  }
  writeFileSync(join(dir, 'calls.csv'), lines.join('\n') + '\n');
  return importWithStandards(dir);
}

test('--by borough: the boroughs\' agent-hours summed, the pooled city-wide figure, and why the sum exceeds it', async (t) => {
  const dir = await setupPooled(t);
  const args = ['staffing', '--period', '2018-09', '--standards', 'std.yaml'];
  const j = (await vigie(dir, [...args, '--by', 'borough', '--json'])).json();
  const one = agentsNeeded({ arrivalsPerInterval: 20, intervalSeconds: 1800, ahtSeconds: 180 }, 0.8, 20, { model: 'erlang_c', shrinkage: 0.3 });
  const all = agentsNeeded({ arrivalsPerInterval: 60, intervalSeconds: 1800, ahtSeconds: 180 }, 0.8, 20, { model: 'erlang_c', shrinkage: 0.3 });
  t.true(3 * one.scheduled > all.scheduled, 'the fixture is one where pooling saves agents');
  t.is(j.by, 'borough');
  t.is(j.groups.length, 3);
  for (const g of j.groups) t.is(g.agent_hours_per_week_erlang_a, one.scheduled * 0.5, String(g.group));
  t.is(j.total.groups, 3);
  t.is(j.total.agent_hours_per_week_erlang_a, 3 * one.scheduled * 0.5);
  t.is(j.total.agent_hours_per_week_erlang_c, 3 * one.scheduled * 0.5); // nobody abandons: Erlang A = Erlang C
  t.is(j.total.cost_per_week, 3 * one.scheduled * 0.5 * 40);
  t.is(j.total.pooled.agent_hours_per_week_erlang_a, all.scheduled * 0.5);
  t.is(j.total.pooled.cost_per_week, all.scheduled * 0.5 * 40);
  t.is(j.total.excess_agent_hours_erlang_a, (3 * one.scheduled - all.scheduled) * 0.5);
  // the pooled figure is the run without --by
  const plain = (await vigie(dir, [...args, '--json'])).json();
  t.is(plain.total, null);
  t.is(j.total.pooled.agent_hours_per_week_erlang_a, plain.groups[0].agent_hours_per_week_erlang_a);
  t.regex(j.total.note, /exceeds the city-wide figure by \d+ agent-hours/);
  const frJson = (await vigie(dir, ['--lang', 'fr', ...args, '--by', 'borough', '--json'], { lang: 'fr' })).json();
  t.regex(frJson.total.note, /^Pourquoi la somme dépasse de \d+ heures-agents le chiffre de toute la ville/);
  // the terminal says the same, and names the calls without a borough as every other output does
  const fr = await vigie(dir, ['--lang', 'fr', ...args, '--by', 'borough'], { lang: 'fr' });
  t.is(fr.code, 0, fr.stderr);
  const lines = fr.stdout.split('\n');
  t.true(lines.includes('sans arrondissement'), 'the group without a borough is named');
  t.false(lines.includes('toute la ville'), 'and not "the whole city"');
  t.regex(fr.stdout, /somme des 3 arrondissements, chacun doté comme une file distincte : \d+ heures-agents par semaine/);
  t.regex(fr.stdout, /les mêmes appels dans une seule file pour toute la ville : \d+ heures-agents/);
  t.regex(fr.stdout, /Pourquoi la somme dépasse/);
  const en = await vigie(dir, [...args, '--by', 'borough']);
  t.regex(en.stdout, /sum of the 3 boroughs, each staffed as its own queue: \d+ agent-hours per week/);
  t.true(en.stdout.split('\n').includes('no borough'));
});

test('the model\'s assumptions are in the reader\'s language, with their ids in the JSON, and "a model" is said once', async (t) => {
  const dir = await setup(t);
  const args = ['staffing', '--period', '2018-09', '--standards', 'std.yaml'];
  const en = await vigie(dir, args);
  const fr = await vigie(dir, ['--lang', 'fr', ...args], { lang: 'fr' });
  t.is((fr.stdout.match(/un modèle, pas une mesure/gi) ?? []).length, 1);
  t.is((en.stdout.match(/a model, not a measurement/gi) ?? []).length, 1);
  const frList = fr.stdout.split('\n').filter((l) => l.startsWith('- '));
  const enList = en.stdout.split('\n').filter((l) => l.startsWith('- '));
  t.is(frList.length, 5);
  t.is(enList.length, 5);
  for (const l of frList) {
    t.false(enList.includes(l), l);
    t.notRegex(l, /\b(the|calls|handle time|shrinkage|nobody|rounded)\b/, l);
  }
  t.regex(fr.stdout, /loi de Poisson/);
  t.regex(fr.stdout, /moins de 10/);
  t.notRegex(fr.stdout, /shrinkage/);
  const j = (await vigie(dir, ['--lang', 'fr', ...args, '--json'], { lang: 'fr' })).json();
  t.deepEqual(j.assumptions.map((a: { id: string }) => a.id), ['poisson', 'arrivals', 'handle_time', 'patience', 'shrinkage']);
  t.deepEqual(j.assumptions.map((a: { text: string }) => `- ${a.text}`), frList);
});
