/** The `calls:` section of a standards file: service level, abandonment, long waits and the staffing what-if's defaults. */
import { SERVICE_LEVEL_VARIANTS, type ServiceLevelVariant } from '../../metrics/service-level.ts';
import type { Boundary } from '../../metrics/threshold.ts';
import type { Checker } from './check.ts';

export interface CallStandards {
  service_level: { threshold_seconds: number; boundary: Boundary; target: number | null; variant: ServiceLevelVariant };
  abandonment: { max: number | null; short_abandon_seconds: number };
  long_wait: { seconds: number; max_share: number | null };
  /** The staffing what-if's defaults: the share of paid time not on the phones, and an agent-hour's cost (null: none). */
  staffing: { shrinkage: number; hourly_cost: number | null; currency: string | null };
}

/** Checks `calls:` and writes what it gives into `into` (the defaults); short abandons may not exceed the threshold. */
export function checkCalls(raw: unknown, into: CallStandards, c: Checker): void {
  const { x, bad, section, fraction, seconds } = c;
  const calls = section(raw, 'calls', ['service_level', 'abandonment', 'long_wait', 'staffing']);
  const sl = section(calls.service_level, 'calls.service_level', ['threshold_seconds', 'boundary', 'target', 'variant']);
  if (sl.threshold_seconds !== undefined) into.service_level.threshold_seconds = seconds(sl.threshold_seconds, 'calls.service_level.threshold_seconds');
  if (sl.boundary !== undefined) {
    if (sl.boundary !== '<' && sl.boundary !== '<=') throw bad('calls.service_level.boundary', sl.boundary, x.boundary);
    into.service_level.boundary = sl.boundary;
  }
  if (sl.target !== undefined) into.service_level.target = fraction(sl.target, 'calls.service_level.target');
  if (sl.variant !== undefined) {
    if (!(SERVICE_LEVEL_VARIANTS as readonly unknown[]).includes(sl.variant)) throw bad('calls.service_level.variant', sl.variant, SERVICE_LEVEL_VARIANTS.join(', '));
    into.service_level.variant = sl.variant as ServiceLevelVariant;
  }
  const ab = section(calls.abandonment, 'calls.abandonment', ['max', 'short_abandon_seconds']);
  if (ab.max !== undefined) into.abandonment.max = fraction(ab.max, 'calls.abandonment.max');
  if (ab.short_abandon_seconds !== undefined) into.abandonment.short_abandon_seconds = seconds(ab.short_abandon_seconds, 'calls.abandonment.short_abandon_seconds');
  const lw = section(calls.long_wait, 'calls.long_wait', ['seconds', 'max_share']);
  if (lw.seconds !== undefined) into.long_wait.seconds = seconds(lw.seconds, 'calls.long_wait.seconds');
  if (lw.max_share !== undefined) into.long_wait.max_share = fraction(lw.max_share, 'calls.long_wait.max_share');
  const sf = section(calls.staffing, 'calls.staffing', ['shrinkage', 'hourly_cost', 'currency']);
  if (sf.shrinkage !== undefined) {
    if (typeof sf.shrinkage !== 'number' || !(sf.shrinkage >= 0 && sf.shrinkage < 1)) throw bad('calls.staffing.shrinkage', sf.shrinkage, x.shrinkage);
    into.staffing.shrinkage = sf.shrinkage;
  }
  if (sf.hourly_cost !== undefined) {
    if (typeof sf.hourly_cost !== 'number' || !(sf.hourly_cost >= 0)) throw bad('calls.staffing.hourly_cost', sf.hourly_cost, x.cost);
    into.staffing.hourly_cost = sf.hourly_cost;
  }
  if (sf.currency !== undefined) {
    if (typeof sf.currency !== 'string' || !/^[A-Z]{3}$/.test(sf.currency)) throw bad('calls.staffing.currency', sf.currency, x.currency);
    into.staffing.currency = sf.currency;
  }
  if (into.abandonment.short_abandon_seconds > into.service_level.threshold_seconds) {
    throw bad('calls.abandonment.short_abandon_seconds', into.abandonment.short_abandon_seconds, x.shortAbandon);
  }
}
