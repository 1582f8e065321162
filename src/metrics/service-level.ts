/**
 * Service level, "X % of calls answered within T seconds", in the six variants of docs/methods.md §1.2.
 * Computed from summed counts (call-counts.ts), so a city-wide or monthly value is Σ numerators / Σ denominators,
 * never a mean of rates. vigie defaults to F3 and every output names the variant.
 */
import type { CallCountField, CallCounts } from './call-counts.ts';
import { wilson95, type Ratio } from './proportion.ts';

/**
 * The service-level formula (docs/methods.md §1.2, ICMI "Service Level Calculations"; "≤ T" below means "within T
 * under the chosen boundary (src/metrics/threshold.ts)", "> T" its complement). Example values: the ICMI worked
 * example, answered 1000, abandoned 60, answered ≤ T 860, abandoned ≤ T 20, abandoned > T 40, abandoned ≤ S 10 (S = 5 s).
 * - `'F1'`: (answered ≤ T + abandoned ≤ T) / (answered + abandoned): 880/1060 = 83.0 %. ICMI #1; Cisco ICM "abandoned
 *   calls positively impact".
 * - `'F2'`: answered ≤ T / answered: 860/1000 = 86.0 %. ICMI #2, not recommended: it ignores abandons.
 * - `'F3'`: answered ≤ T / (answered + abandoned): 860/1060 = 81.1 %. ICMI #3; Cisco "abandoned calls negatively
 *   impact"; COPC-style "on transactions offered, not answered". **vigie's default.**
 * - `'F4'`: answered ≤ T / (answered + abandoned > T): 860/1040 = 82.7 %. ICMI #4; Cisco "abandoned calls ignored"
 *   (abandons within T removed); Bright Pattern; RingCentral with `abandonedThresholdSeconds = T`.
 * - `'F5'`: (answered ≤ T + abandoned ≤ S) / (answered + abandoned): 870/1060 = 82.1 %. ICMI #5 ("short calls").
 * - `'F6'`: answered ≤ T / (answered + abandoned − abandoned ≤ S): 860/1050 = 81.9 %. RingCentral
 *   `includeAbandonedCalls=true` with `abandonedThresholdSeconds = S`.
 *
 * With S = 0 no abandon is short (`abandoned_short` = 0), so F5 and F6 equal F3. Timeouts are in none of the
 * formulas (they are in `offered`, not in answered + abandoned), following the ICMI definitions.
 */
export type ServiceLevelVariant = 'F1' | 'F2' | 'F3' | 'F4' | 'F5' | 'F6';

/** Every variant, F1 to F6. */
export const SERVICE_LEVEL_VARIANTS: readonly ServiceLevelVariant[] = ['F1', 'F2', 'F3', 'F4', 'F5', 'F6'];

/** vigie's default variant (docs/methods.md §1.2: the City's variant is unknown; F3 counts abandons against it). */
export const DEFAULT_SERVICE_LEVEL_VARIANT: ServiceLevelVariant = 'F3';

/** A service level with its counts and the variant that produced it. */
export interface ServiceLevel extends Ratio {
  variant: ServiceLevelVariant;
}

/**
 * The service level of a group under a variant (formulas at {@link ServiceLevelVariant}). Arithmetic only: the
 * threshold, boundary and S are those the counts were taken at.
 *
 * @returns a fraction 0–1 with numerator, denominator and Wilson `ci95`; `value` and `ci95` are `null` when the
 *   denominator is 0 (no answered or abandoned call)
 * @throws on an unknown variant, or counts that give a numerator above the denominator or a negative denominator
 *   (e.g. `answered_within > answered`)
 */
export function serviceLevel(counts: CallCounts, variant: ServiceLevelVariant): ServiceLevel {
  const { answered, abandoned, answered_within: aw, abandoned_within: bw, abandoned_short: bs } = counts;
  let numerator: number;
  let denominator: number;
  switch (variant) {
    case 'F1':
      numerator = aw + bw;
      denominator = answered + abandoned;
      break;
    case 'F2':
      numerator = aw;
      denominator = answered;
      break;
    case 'F3':
      numerator = aw;
      denominator = answered + abandoned;
      break;
    case 'F4':
      numerator = aw;
      denominator = answered + (abandoned - bw);
      break;
    case 'F5':
      numerator = aw + bs;
      denominator = answered + abandoned;
      break;
    case 'F6':
      numerator = aw;
      denominator = answered + (abandoned - bs);
      break;
    default:
      throw new Error(`invalid service level variant: ${String(variant)}`);
  }
  if (!(denominator >= 0) || !(numerator >= 0) || numerator > denominator) {
    throw new Error(`inconsistent call counts for ${variant}: ${numerator} / ${denominator}`);
  }
  return {
    value: denominator === 0 ? null : numerator / denominator,
    numerator,
    denominator,
    ci95: wilson95(numerator, denominator),
    variant,
  };
}

/**
 * The counts a variant reads, beyond `answered` and `abandoned`:
 * F2, F3 → `answered_within`; F1, F4 → `answered_within` and `abandoned_within`; F5, F6 → `answered_within` and
 * `abandoned_short`.
 */
export function serviceLevelInputs(variant: ServiceLevelVariant): readonly CallCountField[] {
  switch (variant) {
    case 'F2':
    case 'F3':
      return ['answered', 'abandoned', 'answered_within'];
    case 'F1':
    case 'F4':
      return ['answered', 'abandoned', 'answered_within', 'abandoned_within'];
    case 'F5':
    case 'F6':
      return ['answered', 'abandoned', 'answered_within', 'abandoned_short'];
    default:
      throw new Error(`invalid service level variant: ${String(variant)}`);
  }
}

/** Whether a variant can be computed from the counts a source supplies; when not, which are missing and a note. */
export type Computability =
  | { computable: true; missing: []; note: null }
  | { computable: false; missing: CallCountField[]; note: string };

const FIELD_MEANING: Partial<Record<CallCountField, string>> = {
  answered: 'answered calls',
  abandoned: 'abandoned calls',
  answered_within: 'calls answered within the threshold',
  abandoned_within: 'calls abandoned within the threshold',
  abandoned_short: 'short abandons',
};

/**
 * Whether `variant` is computable from the counts a source supplies. For interval data pass the columns the export
 * has (at most `INTERVAL_COUNT_FIELDS` of call-counts.ts): F2 and F3 need `answered_within`; F1 and F4 need
 * `abandoned_within`, which interval reports usually lack; F5 and F6 need `abandoned_short`.
 *
 * @param available the counts the source supplies
 * @param source how the note names the source (default `'interval data'`)
 * @returns `{ computable: true, … }`, or `{ computable: false, missing, note }` with a note such as
 *   `"not computable from interval data: F1 needs calls abandoned within the threshold (abandoned_within)"`, the
 *   `note` beside a `null` value in the JSON (docs/methods.md §1.8)
 */
export function serviceLevelComputability(
  variant: ServiceLevelVariant,
  available: Iterable<CallCountField>,
  source = 'interval data',
): Computability {
  const have = new Set(available);
  const missing = serviceLevelInputs(variant).filter((f) => !have.has(f));
  if (missing.length === 0) return { computable: true, missing: [], note: null };
  const needs = missing.map((f) => `${FIELD_MEANING[f] ?? f} (${f})`).join(' and ');
  return { computable: false, missing, note: `not computable from ${source}: ${variant} needs ${needs}` };
}
