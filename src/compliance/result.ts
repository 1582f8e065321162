/**
 * The result vocabulary of compliance: a group (its keys, whether its numbers are final, its metrics) and a metric
 * result (a count, or a value over a denominator with its target, verdict and interval), shared by the call and ticket
 * computations (src/compliance/calls.ts, src/compliance/tickets.ts) and by everything that shows them.
 */
import { verdict, type MetricId, type Ratio, type TargetKind } from '../metrics/index.ts';

export { GROUP_KEYS, type GroupKey } from './keys.ts';

export interface MetricResult {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  target: number | null;
  target_kind: TargetKind | null;
  verdict: 'met' | 'missed' | 'too_few' | 'no_target';
  met: boolean | null;
  variant: string | null;
  ci95: [number, number] | null;
  example: boolean;
  note: string | null;
}

/** A group's metrics by id: only the ids the group's kind computes are present. */
export type Metrics = Partial<Record<MetricId, MetricResult>>;

export interface Group {
  borough: string | null;
  theme: string | null;
  queue: string | null;
  month: string | null;
  week: string | null;
  day: string | null;
  final: boolean;
  metrics: Metrics;
}

/** A group's metrics as [id, result] pairs, in the order they were set. */
export function metricEntries(m: Metrics): [MetricId, MetricResult][] {
  return (Object.entries(m) as [MetricId, MetricResult | undefined][]).filter((e): e is [MetricId, MetricResult] => e[1] !== undefined);
}

/** A group with every key null (the city-wide group, or one whose keys are filled in by the caller). */
export function blankGroup(): Group {
  return { borough: null, theme: null, queue: null, month: null, week: null, day: null, final: true, metrics: {} };
}

/** A judged metric: a ratio (or a mean with its sum and count) with its target, verdict and interval. */
export function metric(r: Ratio | { value: number | null; numerator: number; denominator: number }, o: {
  target?: number | null; kind?: TargetKind | null; variant?: string | null; minN: number; note?: string | null; example?: boolean;
}): MetricResult {
  const target = o.target ?? null;
  const kind = target === null ? null : (o.kind ?? null);
  const v = verdict({ value: r.value, denominator: r.denominator, target, kind, minN: o.minN });
  return {
    value: r.value, numerator: r.numerator, denominator: r.denominator, target, target_kind: kind, verdict: v,
    met: v === 'met' ? true : v === 'missed' ? false : null, variant: o.variant ?? null,
    ci95: 'ci95' in r ? r.ci95 : null, example: o.example ?? false, note: o.note ?? null,
  };
}

/** A count, or an unjudged value over `denominator` items (a percentile), with an optional note. */
export function count(n: number | null, note: string | null = null, denominator: number | null = null): MetricResult {
  return { value: n, numerator: null, denominator, target: null, target_kind: null, verdict: 'no_target', met: null,
    variant: null, ci95: null, example: false, note };
}
