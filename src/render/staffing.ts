/** The terminal rendering of `vigie staffing`: per group, the intervals with calls, the week's agent-hours, the assumptions. */
import { int, msg } from '../messages.ts';
import type { StaffingReport } from '../compliance/staffing.ts';
import { percent } from './compliance.ts';
import { table } from './table.ts';

/** The terminal rendering: per group, the intervals with calls, then the week's agent-hours and the assumptions. */
export function renderStaffing(r: StaffingReport, lang: 'en' | 'fr'): string {
  const m = msg(lang);
  const c = m.staffingCol;
  const lines = [m.staffingHeading(r.period, r.standard.target, r.standard.threshold_seconds, r.standard.variant, r.interval_minutes, r.shrinkage)];
  const dec = (v: number | null, d = 1) => (v === null ? '–' : d === 0 ? int(Math.round(v), lang) : lang === 'fr' ? v.toFixed(d).replace('.', ',') : v.toFixed(d));
  const money = (v: number | null) => (v === null ? null : `${dec(v, 0)} ${r.currency ?? ''}`.trim());
  for (const g of r.groups) {
    lines.push('', g.group ?? (r.by === 'borough' ? m.vocab.noBorough : r.by === 'queue' ? m.vocab.noQueue : m.cityWide));
    const body = r.intervals.filter((i) => i.group === g.group && i.arrivals > 0).map((i) => [
      `${m.weekday[i.weekday] ?? i.weekday} ${i.start}`, dec(i.arrivals_per_day), i.aht_seconds === null ? '–' : `${Math.round(i.aht_seconds)} s`,
      percent(i.observed_service_level, lang), String(i.agents_erlang_c), String(i.agents_erlang_a), String(i.scheduled_erlang_a),
      percent(i.service_level_at_agents, lang),
    ]);
    lines.push(table([c.interval, c.arrivals, c.aht, c.observed, c.erlangC, c.erlangA, c.scheduled, c.slAt], body, false));
    lines.push(m.staffingWeek(dec(g.agent_hours_per_week_erlang_c, 0), dec(g.agent_hours_per_week_erlang_a, 0),
      g.patience_seconds === null ? null : Math.round(g.patience_seconds),
      money(g.cost_per_week)));
  }
  if (r.total) {
    const t = r.total;
    lines.push('', m.staffingTotal(t.groups, r.by!, dec(t.agent_hours_per_week_erlang_a, 0), dec(t.agent_hours_per_week_erlang_c, 0),
      money(t.cost_per_week)));
    lines.push(m.staffingPooled(dec(t.pooled.agent_hours_per_week_erlang_a, 0), dec(t.pooled.agent_hours_per_week_erlang_c, 0),
      money(t.pooled.cost_per_week)));
    lines.push(t.note);
  }
  lines.push('', m.staffingModel, ...r.assumptions.map((a) => `- ${a.text}`));
  return lines.join('\n') + '\n';
}
